/* Applet output and exit codes, checked against busybox 1.35's formats on a small board. */

import { describe, expect, it } from 'vitest'
import { FakeHostFs } from '../fs/fakehostfs'
import { utf8Decode } from '../fs/utf8'
import { makeBoard } from './testkit'

describe('file applets', () => {
  it('ls: plain columns, -1, -a, -l, -h, errors', () => {
    const b = makeBoard()
    b.exec('mkdir /tmp/d; cd /tmp/d; touch zeta alpha beta; mkdir sub; echo 12345 > sub/f')
    expect(b.exec('ls | cat')).toBe('alpha\nbeta\nsub\nzeta\n')
    const c = (name: string, color = '0;0'): string => `\x1b[${color}m${name}\x1b[m`
    expect(b.exec('ls')).toBe(`${c('alpha')}  ${c('beta')}   ${c('sub', '1;34')}    ${c('zeta')}\n`)
    // busybox uses one column less than the terminal: 15 columns fit two names of width 5+2.
    b.shell.resize(15, 24)
    expect(b.exec('ls')).toBe(`${c('alpha')}  ${c('sub', '1;34')}\n${c('beta')}   ${c('zeta')}\n`)
    b.shell.resize(14, 24)
    expect(b.exec('ls | cat')).toBe('alpha\nbeta\nsub\nzeta\n')
    b.shell.resize(80, 24)
    expect(b.exec('ls -a | cat')).toBe('.\n..\nalpha\nbeta\nsub\nzeta\n')
    expect(b.exec('ls -l sub | cat')).toBe('total 4\n-rw-r--r--    1 root     root             6 Nov 22 20:06 f\n')
    // a tmpfs directory's size is shmem's 2 + entries bogus dirents of 20 bytes
    expect(b.exec('ls -ld sub | cat')).toBe('drwxr-xr-x    2 root     root            60 Nov 22 20:06 sub\n')
    expect(b.exec('ls -l /dev/null | cat')).toBe('crw-rw-rw-    1 root     root        1,   3 Nov 22 20:06 /dev/null\n')
    expect(b.exec('ls nope; echo $?')).toBe('ls: nope: No such file or directory\n1\n')
    expect(b.exec('ls sub alpha | cat')).toBe('alpha\n\nsub:\nf\n')
  })

  it('cat, head, tail, wc', () => {
    const b = makeBoard()
    b.exec('seq 1 20 > /tmp/n')
    expect(b.exec('head -n 3 /tmp/n')).toBe('1\n2\n3\n')
    expect(b.exec('head -2 /tmp/n')).toBe('1\n2\n')
    expect(b.exec('tail -n 2 /tmp/n')).toBe('19\n20\n')
    expect(b.exec('tail -n +19 /tmp/n')).toBe('19\n20\n')
    expect(b.exec('wc -l /tmp/n')).toBe('20 /tmp/n\n') // one count of one file: no padding (busybox 1.35)
    expect(b.exec('wc /tmp/n')).toBe('       20        20        51 /tmp/n\n')
    expect(b.exec('cat /tmp/n | wc -l')).toBe('20\n')
    expect(b.exec('echo hi | wc')).toBe('        1         1         3\n')
    expect(b.exec('cat /nope')).toBe("cat: can't open '/nope': No such file or directory\n")
    expect(b.exec('cat /tmp')).toBe('cat: read error: Is a directory\n')
    expect(b.exec('echo a | cat - /tmp/n | head -n 2')).toBe('a\n1\n')
    expect(b.exec('head -c 3 /tmp/n; echo')).toBe('1\n2\n')
  })

  it('mkdir, rmdir, rm, cp, mv, touch, ln', () => {
    const b = makeBoard()
    b.exec('cd /tmp')
    expect(b.exec('mkdir a; mkdir a')).toBe("mkdir: can't create directory 'a': File exists\n")
    expect(b.exec('mkdir x/y')).toBe("mkdir: can't create directory 'x/y': No such file or directory\n")
    expect(b.exec('mkdir -p x/y/z && ls x/y')).toBe('\x1b[1;34mz\x1b[m\n')
    expect(b.exec('rmdir x')).toBe("rmdir: 'x': Directory not empty\n")
    expect(b.exec('rm x')).toBe("rm: 'x' is a directory\n")
    expect(b.exec('rm -r x; ls -d x')).toBe('ls: x: No such file or directory\n')
    expect(b.exec('rm nope')).toBe("rm: can't remove 'nope': No such file or directory\n")
    expect(b.exec('rm -f nope; echo $?')).toBe('0\n')
    b.exec('echo data > f1')
    expect(b.exec('cp f1 f2 && cat f2')).toBe('data\n')
    expect(b.exec('cp nope f3')).toBe("cp: can't stat 'nope': No such file or directory\n")
    expect(b.exec('cp a b')).toBe("cp: omitting directory 'a'\n")
    b.exec('echo in > a/inner')
    expect(b.exec('cp -r a b && cat b/inner')).toBe('in\n')
    expect(b.exec('mv f2 a/ && cat a/f2')).toBe('data\n')
    expect(b.exec('mv nope z')).toBe("mv: can't rename 'nope': No such file or directory\n")
    expect(b.exec('mv a/f2 /root/moved && cat /root/moved')).toBe('data\n')
    expect(b.exec('touch t && ls t | cat')).toBe('t\n')
    expect(b.exec('touch nodir/t')).toBe('touch: nodir/t: No such file or directory\n')
    expect(b.exec('ln -s f1 l1 && cat l1 && readlink l1')).toBe('data\nf1\n')
    expect(b.exec('ln -s f1 l1')).toBe('ln: l1: File exists\n')
    expect(b.exec('ln f1 h1 && stat h1 | grep Links')).toMatch(/Links: 2/)
    expect(b.exec('chmod 755 f1; ls -l f1 | cut -c1-10')).toBe('-rwxr-xr-x\n')
    expect(b.exec('chmod a-x,u+s f1; ls -l f1 | cut -c1-10')).toBe('-rwSr--r--\n')
  })

  it('basename, dirname, realpath, du', () => {
    const b = makeBoard()
    expect(b.exec('basename /a/b/c.ko .ko; dirname /a/b/c.ko; dirname c; dirname /')).toBe('c\n/a/b\n.\n/\n')
    expect(b.exec('cd /lib/modules/6.1.192/build; pwd; realpath .')).toBe('/lib/modules/6.1.192/build\n/usr/src/linux\n')
    b.exec('mkdir /tmp/du; echo x > /tmp/du/f')
    expect(b.exec('du -s /tmp/du')).toBe('4\t/tmp/du\n')
  })
})

describe('text applets', () => {
  it('APPLET --help alone: the banner and usage on stderr, status 0, as busybox run_applet_no_and_exit (not for test, true, false)', () => {
    const b = makeBoard()
    expect(b.exec('cat --help 2>/dev/null | wc -l; cat --help 2>&1 >/dev/null | head -n 3; echo $?')).toBe(
      '0\nBusyBox v1.35.0 (Debian 1:1.35.0-4+deb12u1+b1) multi-call binary.\n\nUsage: cat [-nbvteA] [FILE]...\n0\n'
    )
    expect(b.exec('free --help 2>&1 | tail -n +3')).toBe('Usage: free [-bkmgh]\n\nDisplay free and used memory\n')
    expect(b.exec('test --help; echo $?; true --help; echo $?')).toBe('0\n0\n')
    expect(b.exec('cat --help x 2>&1 | head -n 1')).toBe("cat: unrecognized option '--help'\n")
  })

  it('paste: columns, -d lists with escapes, -s, and busybox quirks', () => {
    const b = makeBoard()
    b.exec('printf "1\\n2\\n3\\n" > /tmp/n; printf "a\\nb\\n" > /tmp/l')
    expect(b.exec('paste /tmp/n /tmp/n')).toBe('1\t1\n2\t2\n3\t3\n')
    expect(b.exec('paste -d, /tmp/n /tmp/n /tmp/n')).toBe('1,1,1\n2,2,2\n3,3,3\n')
    expect(b.exec('paste -d ":;" /tmp/n /tmp/n /tmp/n')).toBe('1:1;1\n2:2;2\n3:3;3\n')
    expect(b.exec('paste -s /tmp/n')).toBe('1\t2\t3\n')
    expect(b.exec('paste -s -d "\\n," /tmp/n /tmp/l')).toBe('1\n2,3\na\nb\n')
    expect(b.exec('paste -s -d "\\0" /tmp/n')).toBe('123\n')
    expect(b.exec('printf "x\\ny\\n" | paste - /tmp/l')).toBe('x\ta\ny\tb\n')
    // busybox: a file that ran out adds no field, and the last file's end leaves the row open
    expect(b.exec('paste /tmp/l /tmp/n')).toBe('a\t1\nb\t2\n3\n')
    expect(b.exec('paste /tmp/n /tmp/l; echo .')).toBe('1\ta\n2\tb\n3\t.\n')
    expect(b.exec('paste /tmp/n /nope; echo $?')).toBe('paste: /nope: No such file or directory\n1\n')
    expect(b.exec('paste -x /tmp/n 2>&1 | head -n 1')).toBe("paste: invalid option -- 'x'\n")
  })

  it('grep: flags and exit status', () => {
    const b = makeBoard()
    b.exec('printf "apple\\nBanana\\ncherry\\nbanana split\\n" > /tmp/f')
    expect(b.exec('grep an /tmp/f')).toBe('Banana\nbanana split\n')
    expect(b.exec('grep -i BAN /tmp/f')).toBe('Banana\nbanana split\n')
    expect(b.exec('grep -v an /tmp/f')).toBe('apple\ncherry\n')
    expect(b.exec('grep -c an /tmp/f')).toBe('2\n')
    expect(b.exec('grep -n cherry /tmp/f')).toBe('3:cherry\n')
    expect(b.exec('grep -w banana /tmp/f')).toBe('banana split\n')
    expect(b.exec('grep -E "^(apple|cherry)$" /tmp/f')).toBe('apple\ncherry\n')
    expect(b.exec('grep "^\\(apple\\|cherry\\)$" /tmp/f')).toBe('apple\ncherry\n')
    expect(b.exec('grep kiwi /tmp/f; echo $?')).toBe('1\n')
    expect(b.exec('grep kiwi /nope; echo $?')).toBe('grep: /nope: No such file or directory\n2\n')
    expect(b.exec('grep -q apple /tmp/f && echo found')).toBe('found\n')
    expect(b.exec('grep apple /tmp/f /tmp/f')).toBe('/tmp/f:apple\n/tmp/f:apple\n')
  })

  it('sort, uniq, cut, tr, tee, seq', () => {
    const b = makeBoard()
    expect(b.exec('printf "b\\na\\nc\\na\\n" | sort')).toBe('a\na\nb\nc\n')
    expect(b.exec('printf "10\\n9\\n100\\n" | sort -n')).toBe('9\n10\n100\n')
    expect(b.exec('printf "b\\na\\nb\\n" | sort -r -u')).toBe('b\na\n')
    expect(b.exec('printf "a\\na\\nb\\n" | uniq -c')).toBe('      2 a\n      1 b\n')
    expect(b.exec('echo "k1:v1:x" | cut -d: -f2')).toBe('v1\n')
    expect(b.exec('echo abcdef | cut -c2-4')).toBe('bcd\n')
    expect(b.exec('echo "a   b" | tr -s " "')).toBe('a b\n')
    expect(b.exec('echo hello | tr -d l')).toBe('heo\n')
    expect(b.exec('echo hello | tr "[:lower:]" "[:upper:]"')).toBe('HELLO\n')
    expect(b.exec('echo teed | tee /tmp/t1; cat /tmp/t1')).toBe('teed\nteed\n')
    expect(b.exec('seq 3')).toBe('1\n2\n3\n')
    expect(b.exec('seq 2 2 6')).toBe('2\n4\n6\n')
    expect(b.exec('seq -s, 1 3')).toBe('1,2,3\n')
    expect(b.exec('echo a b c | xargs -n 1 echo x')).toBe('x a\nx b\nx c\n')
  })

  it('echo and printf', () => {
    const b = makeBoard()
    expect(b.exec('echo -n no newline; echo')).toBe('no newline\n')
    expect(b.exec('echo -e "a\\tb\\nc"')).toBe('a\tb\nc\n')
    expect(b.exec('echo "a\\tb"')).toBe('a\\tb\n')
    expect(b.exec("echo -e '\\101\\0102\\0033[0m'")).toBe('AB\x1b[0m\n')
    expect(b.exec('printf "%s=%d\\n" x 42 y 7')).toBe('x=42\ny=7\n')
    expect(b.exec('printf "%5s|%-4d|%04x|%%\\n" ab 3 255')).toBe('   ab|3   |00ff|%\n')
    expect(b.exec('printf "%d\\n" abc; echo $?')).toBe("sh: invalid number 'abc'\n0\n1\n")
  })

  it('test and [', () => {
    const b = makeBoard()
    expect(b.exec('[ 1 -lt 2 ] && echo y')).toBe('y\n')
    expect(b.exec('[ -f /etc/passwd -a -d /etc ] && echo y')).toBe('y\n')
    expect(b.exec('[ ! -e /nope ] && echo y')).toBe('y\n')
    expect(b.exec('[ abc = abc ]; echo $?')).toBe('0\n')
    expect(b.exec('[ -z "" ]; echo $?')).toBe('0\n')
    expect(b.exec('[ 1 -eq 1; echo $?')).toBe('sh: missing ]\n2\n')
    expect(b.exec('[ a -eq 1 ]; echo $?')).toBe('sh: a: bad number\n2\n')
    expect(b.exec('test -x /bin/busybox && echo exec')).toBe('exec\n')
  })
})

describe('system applets', () => {
  it('uname, hostname, id, whoami', () => {
    const b = makeBoard()
    expect(b.exec('uname')).toBe('Linux\n')
    expect(b.exec('uname -a')).toBe('Linux (none) 6.1.192 #1 SMP Sun Nov 22 19:52:14 UTC 2026 armv7l GNU/Linux\n')
    expect(b.exec('uname -r -m')).toBe('6.1.192 armv7l\n')
    expect(b.exec('uname -s -n -v')).toBe('Linux (none) #1 SMP Sun Nov 22 19:52:14 UTC 2026\n')
    b.exec('hostname vexpress')
    expect(b.exec('hostname; uname -n')).toBe('vexpress\nvexpress\n')
    expect(b.exec('id; whoami')).toBe('uid=0(root) gid=0(root) groups=0(root)\nroot\n')
  })

  it('uptime and date from the RTC plus the simulated clock', () => {
    const b = makeBoard()
    b.clock.advanceTo(65e9 + 125 * 60e9)
    expect(b.exec('uptime')).toBe(' 22:12:10 up  2:06,  load average: 0.00, 0.00, 0.00\n')
    expect(b.exec('date')).toBe('Sun Nov 22 22:12:10 UTC 2026\n')
    expect(b.exec('date +%Y-%m-%d_%H:%M')).toBe('2026-11-22_22:12\n')
    const c = makeBoard()
    expect(c.exec('uptime')).toBe(' 20:06:05 up 0 min,  load average: 0.00, 0.00, 0.00\n')
  })

  it('free reads /proc/meminfo like busybox 1.35', () => {
    const b = makeBoard()
    b.vfs.registerDynamic('/proc/meminfo', {
      read: () =>
        'MemTotal:         246912 kB\nMemFree:          232036 kB\nMemAvailable:     230660 kB\nBuffers:               0 kB\n' +
        'Cached:             2196 kB\nSwapTotal:             0 kB\nSwapFree:              0 kB\nShmem:              2196 kB\nSReclaimable:       3168 kB\n'
    })
    expect(b.exec('free')).toBe(
      '              total        used        free      shared  buff/cache   available\n' +
      'Mem:         246912        9512      232036        2196        5364      230660\n' +
      'Swap:             0           0           0\n'
    )
    expect(b.exec('free -m')).toBe(
      '              total        used        free      shared  buff/cache   available\n' +
      'Mem:            241           9         227           2           5         225\n' +
      'Swap:             0           0           0\n'
    )
  })

  it('dmesg: print, -c, -C, -n, -l, -r', () => {
    const b = makeBoard()
    b.clock.advanceTo(1_500_000_000)
    b.printk.printk('\x016first\n')
    b.printk.printk('\x013an error\n')
    expect(b.exec('dmesg')).toBe('[    1.500000] first\n[    1.500000] an error\n')
    expect(b.exec('dmesg -r')).toBe('<6>[    1.500000] first\n<3>[    1.500000] an error\n')
    expect(b.exec('dmesg -l err')).toBe('[    1.500000] an error\n')
    expect(b.exec('dmesg -c | wc -l; dmesg | wc -l')).toBe('2\n0\n')
    b.printk.printk('\x016again\n')
    b.exec('dmesg -C')
    expect(b.exec('dmesg')).toBe('')
    b.exec('dmesg -n 1')
    expect(b.printk.consoleLoglevel).toBe(1)
  })

  it('dmesg -w waits for new records and stops on Ctrl-C', () => {
    const b = makeBoard()
    b.type('dmesg -w\r')
    expect(b.shell.run(10).kind).toBe('idle')
    b.clearOutput()
    b.printk.printk('\x016late message\n')
    b.shell.run(10)
    expect(b.output()).toBe('[    0.000000] late message\r\n')
    b.type('\x03')
    expect(b.shell.atPrompt()).toBe(true)
  })

  it('env, export, set, unset, which, type, help', () => {
    const b = makeBoard()
    expect(b.exec('export FOO=bar; env | grep FOO')).toBe('FOO=bar\n')
    expect(b.exec('BAR=1 env | grep BAR')).toBe('BAR=1\n')
    expect(b.exec('echo ${BAR:-unset}')).toBe('unset\n')
    expect(b.exec('unset FOO; env | grep -c FOO')).toBe('0\n')
    expect(b.exec('which ls cat nonesuch; echo $?')).toBe('/bin/ls\n/bin/cat\n1\n')
    expect(b.exec('type cd ls nonesuch')).toBe('cd is a shell builtin\nls is /bin/ls\nnonesuch: not found\n')
    expect(b.exec('help | head -n 2')).toBe('Built-in commands:\n------------------\n')
    expect(b.exec('set -- a b; echo $# $2')).toBe('2 b\n')
  })

  it('mount lists the mount table', () => {
    const b = makeBoard()
    expect(b.exec('mount | head -n 3')).toBe('rootfs on / type rootfs (rw)\nproc on /proc type proc (rw,relatime)\nsysfs on /sys type sysfs (rw,relatime)\n')
    expect(b.exec('mount -t proc proc /proc')).toBe('mount: mounting proc on /proc failed: Device or resource busy\n')
  })

  it('cat /proc files and echo into /proc/sys through the VFS', () => {
    const b = makeBoard()
    let value = '0'
    b.vfs.registerDynamic('/proc/sys/vm/drop_caches', {
      read: () => value + '\n',
      write: (t) => {
        if (!/^[123]\n$/.test(t)) return -22
        value = t.trim()
        return t.length
      }
    })
    expect(b.exec('echo 3 > /proc/sys/vm/drop_caches; cat /proc/sys/vm/drop_caches')).toBe('3\n')
    expect(b.exec('echo 9 > /proc/sys/vm/drop_caches; echo $?')).toBe('sh: write error: Invalid argument\n1\n')
    expect(b.exec('grep -c "" /proc/mounts')).toBe('6\n')
  })
})

describe('find, time and binary copies', () => {
  it('find by name and type, with -exec', () => {
    const b = makeBoard()
    b.exec('mkdir /tmp/f; touch /tmp/f/a.c; mkdir /tmp/f/sub; touch /tmp/f/sub/b.c /tmp/f/sub/c.h')
    // tmpfs lists the newest entry first (dcache_readdir), as find on the board shows
    expect(b.exec('find /tmp/f -name "*.c"')).toBe('/tmp/f/sub/b.c\n/tmp/f/a.c\n')
    expect(b.exec('find /tmp/f -type d')).toBe('/tmp/f\n/tmp/f/sub\n')
    expect(b.exec('cd /tmp/f; find . -maxdepth 1 ! -type d')).toBe('./a.c\n')
    expect(b.exec('find /tmp/f -name "*.h" -exec echo found {} \\;')).toBe('found /tmp/f/sub/c.h\n')
    expect(b.exec('find /nope')).toBe('find: /nope: No such file or directory\n')
  })

  it('time reports the simulated time on stderr', () => {
    const b = makeBoard()
    expect(b.exec('time sleep 1.5')).toBe('real\t0m 1.50s\nuser\t0m 0.00s\nsys\t0m 0.00s\n')
  })

  it('large inputs stream through pipes', () => {
    const b = makeBoard()
    b.exec('seq 1 200000 > /tmp/big')
    expect(b.exec('cat /tmp/big | wc -c')).toBe('1288895\n')
    expect(b.exec('yes | head -n 50000 | wc -l')).toBe('50000\n')
  })

  it('cat copies bytes to a file unchanged', () => {
    const b = makeBoard()
    b.vfs.writeFile('/tmp/bin', Uint8Array.from([0x7f, 0x45, 0x4c, 0x46, 0xff, 0x00, 0xc3]))
    b.exec('cat /tmp/bin > /tmp/copy')
    expect([...b.vfs.readFile('/tmp/copy')]).toEqual([0x7f, 0x45, 0x4c, 0x46, 0xff, 0x00, 0xc3])
  })
})

describe('dd', () => {
  it('copies blocks and reports like busybox', () => {
    const b = makeBoard()
    expect(b.exec('dd if=/dev/zero of=/tmp/z bs=1M count=1')).toBe(
      '1+0 records in\n1+0 records out\n1048576 bytes (1.0MB) copied, 0.001049 seconds, 953.7MB/s\n'
    )
    expect(b.vfs.stat('/tmp/z').size).toBe(1048576)
    expect(b.exec('echo hello | dd bs=2 count=2 2>/dev/null; echo')).toBe('hell\n')
    expect(b.exec('dd if=/nope')).toBe("dd: can't open '/nope': No such file or directory\n")
  })

  it('a full pipe blocks dd until the reader drains it', () => {
    const b = makeBoard()
    b.shell.input('dd if=/dev/zero bs=1M count=1 | sleep 100\r')
    for (let i = 0; i < 20; i++) b.shell.run(100)
    // dd wrote its block into the pipe and is still there: sleep never reads.
    expect(b.shell.runningPids().length).toBe(2)
    b.shell.input('\x03')
    b.shell.run(10)
    expect(b.shell.atPrompt()).toBe(true)
  })
})

describe('the console devices', () => {
  it('/dev/console and /dev/tty are the serial line', () => {
    const b = makeBoard()
    b.clearOutput()
    b.type('echo hi > /dev/console; echo there > /dev/tty\r')
    expect(b.output()).toBe('echo hi > /dev/console; echo there > /dev/tty\r\nhi\r\nthere\r\n~ # ')
    b.clearOutput()
    b.type('head -n 1 /dev/tty\r')
    b.type('typed\r')
    expect(b.output()).toBe('head -n 1 /dev/tty\r\ntyped\r\ntyped\r\n~ # ')
  })
})

describe('watch', () => {
  it('redraws the command every period until Ctrl-C', () => {
    const b = makeBoard()
    b.shell.resize(40, 24)
    b.clearOutput()
    b.shell.input('watch -n 1 echo tick\r')
    b.shell.run(100)
    expect(b.output()).toBe('watch -n 1 echo tick\r\n\x1b[H\x1b[JEvery 1.0s: echo tic2026-11-22 20:06:05\r\ntick\r\n')
    b.clock.advanceTo(1e9)
    b.shell.run(100)
    expect(b.output().split('tick\r\n').length).toBe(4)
    b.shell.input('\x03')
    b.shell.run(10)
    expect(b.shell.atPrompt()).toBe(true)
  })
})

describe('awk', () => {
  it('runs the reference init script’s programs', () => {
    const b = makeBoard()
    b.vfs.writeFile(
      '/tmp/vi',
      '0xf0800000-0xf0802000    8192 of_iomap+0x40/0x48 phys=0x1e001000 ioremap\n' +
      '0xf0900000-0xf0a01000 1052672 vmalloc_test_init+0x10/0x30 [vmalloc_test] pages=256 vmalloc\n' +
      '0xf0b00000-0xf0b03000   12288 n_tty_open+0x10/0x80 pages=2 vmalloc\n'
    )
    expect(b.exec("awk '$2 >= 1048576' /tmp/vi")).toBe('0xf0900000-0xf0a01000 1052672 vmalloc_test_init+0x10/0x30 [vmalloc_test] pages=256 vmalloc\n')
    expect(b.exec(`awk '{ split($1, a, "-"); s += $2; n++ } END { print "entries=" n " total_size_bytes=" s }' /tmp/vi`)).toBe(
      'entries=3 total_size_bytes=1073152\n'
    )
    expect(b.exec("echo 'VmRSS:    1234 kB' | tr -s ' \\t' ' ' | cut -d' ' -f2-")).toBe('1234 kB\n')
  })

  it('busybox --install and --list', () => {
    const b = makeBoard()
    b.exec('rm /bin/cat')
    expect(b.exec('cat /etc/hostname')).toBe('sh: cat: not found\n')
    expect(b.exec('/bin/busybox --install -s; cat /etc/hostname')).toBe('vexpress\n')
    expect(b.exec('busybox --list | grep -c "^ls$"')).toBe('1\n')
    expect(b.exec('busybox cat /etc/hostname')).toBe('vexpress\n')
  })

  it('fields, -F, -v, printf, arrays, regex and control flow', () => {
    const b = makeBoard()
    expect(b.exec("echo 'a:b:c' | awk -F: '{ print $2, NF; $2 = \"X\"; print }'")).toBe('b 3\na X c\n')
    expect(b.exec("awk -v n=3 'BEGIN { for (i = 1; i <= n; i++) s = s i; print s }'")).toBe('123\n')
    expect(b.exec("printf 'x 1\\ny 2\\nx 3\\n' | awk '{ t[$1] += $2 } END { for (k in t) printf \"%s=%d\\n\", k, t[k] }' | sort")).toBe('x=4\ny=2\n')
    expect(b.exec("printf 'foo\\nbar\\nfoobar\\n' | awk '/^foo/ { c++ } END { print c }'")).toBe('2\n')
    expect(b.exec("echo 'hello world' | awk '{ gsub(/o/, \"0\"); print toupper(substr($0, 1, 5)), length($2) }'")).toBe('HELL0 5\n')
    expect(b.exec("printf '1\\n2\\n3\\n4\\n' | awk 'NR % 2 == 0 { next } { print } NR == 3 { exit 5 }'; echo $?")).toBe('1\n3\n5\n')
    // Debian's busybox-static is built without FEATURE_AWK_LIBM: ^ stops the program; awk's errors exit 1.
    expect(b.exec("awk 'BEGIN { x = 1 / 3; print x, 10 / 2; print 2 ^ 10 }'; echo $?")).toBe('0.333333 5\nawk: cmd. line:1: Math support is not compiled in\n1\n')
    expect(b.exec("awk '{ print $1 ' /dev/null; echo $?")).toBe('awk: cmd. line:1: syntax error: missing }\n1\n')
  })
})

describe('sed', () => {
  it('substitutes, deletes, prints ranges and edits in place', () => {
    const b = makeBoard()
    b.exec("printf 'one\\ntwo\\nthree\\nfour\\n' > /tmp/s")
    expect(b.exec("sed 's/o/0/' /tmp/s")).toBe('0ne\ntw0\nthree\nf0ur\n')
    expect(b.exec("sed 's/o/0/g; 2d' /tmp/s | head -n 2")).toBe('0ne\nthree\n')
    expect(b.exec("sed -n '2,3p' /tmp/s")).toBe('two\nthree\n')
    expect(b.exec("sed -n '/^t/p' /tmp/s")).toBe('two\nthree\n')
    expect(b.exec("sed '/two/,$!d' /tmp/s")).toBe('two\nthree\nfour\n')
    expect(b.exec("echo 'order=10 pages=1024' | sed -E 's/order=([0-9]+) pages=([0-9]+)/\\2 \\1 [&]/'")).toBe('1024 10 [order=10 pages=1024]\n')
    expect(b.exec("sed 2q /tmp/s")).toBe('one\ntwo\n')
    expect(b.exec("sed -i 's/four/4/' /tmp/s; tail -n 1 /tmp/s")).toBe('4\n')
    expect(b.exec("echo abc | sed 'y/abc/xyz/'")).toBe('xyz\n')
    expect(b.exec("echo x | sed 'h;G'")).toBe('x\nx\n')
    expect(b.exec("echo x | sed 'Q'")).toBe('sed: unsupported command Q\n') // as busybox 1.35 says
  })
})

describe('df', () => {
  it('lists tmpfs and devtmpfs sized from RAM, skipping empty file systems', () => {
    const b = makeBoard()
    b.vfs.registerDynamic('/proc/meminfo', { read: () => 'MemTotal:         246912 kB\nMemFree:          232036 kB\n' })
    b.vfs.writeFile('/tmp/f', new Uint8Array(10000))
    expect(b.exec('df')).toBe(
      'Filesystem           1K-blocks      Used Available Use% Mounted on\n' +
      'devtmpfs                123456         0    123456   0% /dev\n' +
      'tmpfs                   123456         0    123456   0% /dev/shm\n' +
      'tmpfs                   123456        12    123444   0% /tmp\n'
    )
    expect(b.exec('df -h /tmp')).toBe(
      'Filesystem                Size      Used Available Use% Mounted on\n' +
      'tmpfs                   120.6M     12.0K    120.6M   0% /tmp\n'
    )
  })
})

describe('expr, hexdump, cmp', () => {
  it('expr computes, compares and matches', () => {
    const b = makeBoard()
    expect(b.exec('i=4; i=$(expr $i + 1); echo $i')).toBe('5\n')
    expect(b.exec("expr 7 \\* 6; expr 7 / 2; expr 3 \\< 10; expr abc : 'a\\(.*\\)'; expr length hello")).toBe('42\n3\n1\nbc\n5\n')
    expect(b.exec('expr 0; echo $?')).toBe('0\n1\n')
    expect(b.exec('expr 1 +; echo $?')).toBe('expr: syntax error\n2\n')
  })

  it('hexdump -C and the default layout collapse repeats', () => {
    const b = makeBoard()
    b.vfs.writeFile('/tmp/h', Uint8Array.from([0x7f, 0x45, 0x4c, 0x46, ...new Array(44).fill(0), 0x41]))
    expect(b.exec('hexdump -C /tmp/h')).toBe(
      '00000000  7f 45 4c 46 00 00 00 00  00 00 00 00 00 00 00 00  |.ELF............|\n' +
      '00000010  00 00 00 00 00 00 00 00  00 00 00 00 00 00 00 00  |................|\n' +
      '*\n' +
      '00000030  41                                                |A|\n' +
      '00000031\n'
    )
    // a short last line is padded with blanks to the full width (busybox 1.35)
    expect(b.exec('hexdump -n 4 /tmp/h')).toBe('0000000 457f 464c' + ' '.repeat(30) + '\n0000004\n')
  })

  it('cmp reports the first difference', () => {
    const b = makeBoard()
    b.exec("printf 'a\\nb\\n' > /tmp/c1; printf 'a\\nc\\n' > /tmp/c2; cp /tmp/c1 /tmp/c3")
    expect(b.exec('cmp /tmp/c1 /tmp/c2; echo $?')).toBe('/tmp/c1 /tmp/c2 differ: char 3, line 2\n1\n')
    expect(b.exec('cmp /tmp/c1 /tmp/c3; echo $?')).toBe('0\n')
  })
})

describe('the host share from the shell', () => {
  it('cp, mv across file systems and ls work on /mnt', () => {
    const host = new FakeHostFs()
    host.dirs.add('lab')
    const b = makeBoard({ hostFs: host })
    b.exec('echo built > /tmp/a.ko; mv /tmp/a.ko /mnt/lab/')
    expect(utf8Decode(host.files.get('lab/a.ko')!)).toBe('built\n')
    expect(b.exec('ls /tmp/a.ko')).toBe('ls: /tmp/a.ko: No such file or directory\n')
    expect(b.exec('cd /mnt/lab && cp a.ko b.ko && ls | cat')).toBe('a.ko\nb.ko\n')
    expect(b.exec('rm /mnt/lab/a.ko; ls /mnt/lab | cat')).toBe('b.ko\n')
    expect(host.files.has('lab/a.ko')).toBe(false)
    expect(b.exec('mount | grep /mnt')).toBe('hostshare on /mnt type 9p (rw,sync,dirsync,relatime,access=client,trans=virtio)\n')
  })
})
