/* libc's system call wrappers and errno texts: what a lab program's perror() prints. */
import { expect, it } from 'vitest'
import { runUserProgram } from './index'

it('strerror gives glibc\'s texts for the errors drivers return; unknown ones are "Unknown error N"', () => {
  const r = runUserProgram(
    '#include <stdio.h>\n#include <string.h>\n#include <errno.h>\nint main(void) { int e[] = { ENOTTY, EAGAIN, EBUSY, ENAMETOOLONG, ENOSYS, ELOOP, ENODATA, EOPNOTSUPP, ETIMEDOUT, 41, 524 }; for (int i = 0; i < 11; i++) printf("%d %s\\n", e[i], strerror(e[i])); return 0; }',
    []
  )
  expect(r.stdout.split('\n')).toEqual([
    '25 Inappropriate ioctl for device', '11 Resource temporarily unavailable', '16 Device or resource busy',
    '36 File name too long', '38 Function not implemented', '40 Too many levels of symbolic links', '61 No data available',
    '95 Operation not supported', '110 Connection timed out', '41 Unknown error 41', '524 Unknown error 524', ''
  ])
})

it('ioctl() without a file system is ENOTTY; the _IOC macros of <sys/ioctl.h> encode as the kernel does', () => {
  const r = runUserProgram(
    '#include <stdio.h>\n#include <sys/ioctl.h>\n#include <linux/ioctl.h>\nstruct s { int a, b; };\nint main(void) { printf("%#x %#x %#x %#x\\n", _IO(\'k\', 0), _IOR(\'k\', 1, int), _IOW(\'k\', 2, struct s), _IOWR(\'L\', 3, char)); printf("%d %d %d %d\\n", _IOC_DIR(_IOWR(1, 2, int)), _IOC_TYPE(_IOR(\'k\', 1, int)), _IOC_NR(_IOR(\'k\', 7, int)), _IOC_SIZE(_IOW(\'k\', 2, struct s))); if (ioctl(0, TIOCGWINSZ, 0) < 0) perror("ioctl"); return 0; }',
    []
  )
  expect(r.stdout).toBe('0x6b00 0x80046b01 0x40086b02 0xc0014c03\n3 107 7 8\n')
  expect(r.stderr).toBe('ioctl: Inappropriate ioctl for device\n')
})
