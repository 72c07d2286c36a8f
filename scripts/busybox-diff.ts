/*
 * `npx tsx scripts/busybox-diff.ts`: run command lines both in our shell (a
 * testkit board) and in real busybox 1.35 (its ash and applets, nothing
 * else on PATH), in a directory holding the same files, and print the ones
 * whose stdout, stderr or exit status differ, then a count.
 *
 *   npx tsx scripts/busybox-diff.ts [-v] [FILTER]
 *     -v       print every case, not only the differing ones
 *     FILTER   only the cases whose command line contains FILTER
 *   BUSYBOX=/path/to/busybox   the binary to compare with (default: `busybox`
 *            on PATH; Debian's busybox-static 1.35 is the reference board's)
 *
 * Each case is written to a script file and run as `sh ../case.sh
 * >../out 2>../err; echo $? >../rc` from the work directory, on both sides:
 * no terminal (so no ls colours, no line editing, no here-document prompts),
 * stdout and stderr kept apart (busybox buffers stdout, so their interleaving
 * is not comparable) and a last line without newline kept. Busybox runs in a
 * temp dir on tmpfs (/dev/shm) as the reference board's rootfs is tmpfs, with
 * the environment the reference's /init has (no LANG: busybox's Unicode
 * support is off there). The usage banner's Debian version is normalised (the dynamic busybox's
 * package version differs from busybox-static's 1:1.35.0-4+deb12u1+b1).
 *
 * A developer tool, not a test: the expected outputs it confirms are pasted
 * into src-core/shell/cmds/busybox.test.ts.
 */

import { spawnSync } from 'node:child_process'
import { chmodSync, existsSync, lutimesSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, utimesSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { makeBoard, TEST_BOOT_EPOCH_MS } from '../src-core/shell/testkit'

// ---- the files every case starts with -------------------------------------------

const enc = (s: string): Uint8Array => new TextEncoder().encode(s)
const BIN = new Uint8Array([
  0x7f, 0x45, 0x4c, 0x46, 1, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0x28, 0, 1, 0, 0, 0,
  ...enc('hello_init\0module_exit\0license=GPL\0\tvermagic=6.1.192 SMP mod_unload ARMv7 p2v8 \0ab\0'),
  0xff, 0xfe, 0x80, 0x00, 0x01, 0x02, 0x03, ...new Uint8Array(40), ...enc('tail_string_here\n')
])
const FILES: Record<string, string | Uint8Array> = {
  'a.txt': 'one\ntwo\n\nthree four\n',
  nums: '10\n3\n25\n3\n1\n100\n-2\n3\n',
  words: 'apple banana\ncherry apple\nBanana date\napple banana\n',
  nonl: 'x\ny',
  'slab.csv': 'name,size,used\nkmalloc-64,64,1200\nkmalloc-128,128,800\ndentry,192,3000\nkmalloc-64,64,5\n',
  'dmesg.log':
    '[    0.000000] Booting Linux on physical CPU 0x0\n' +
    '[    0.000000] Linux version 6.1.192 (root@build) (arm-linux-gnueabihf-gcc 12.2.0) #1 SMP\n' +
    '[    0.000000] Memory: 1011248K/1048576K available (8192K kernel code)\n' +
    '[   12.345678] alloc_page_lab: loading out-of-tree module taints kernel.\n' +
    '[   12.350001] alloc_page_lab: order=0 page=c1b2c000 pfn=0x61b2c\n' +
    '[   12.350002] alloc_page_lab: order=3 page=c1b30000 pfn=0x61b30\n' +
    '[   20.100000] kmalloc_limits: kmalloc(4194304) failed\n' +
    '[   30.000000] Out of memory: Killed process 123 (dd) total-vm:52944kB, anon-rss:51200kB\n',
  meminfo:
    'MemTotal:        1031864 kB\nMemFree:          987432 kB\nMemAvailable:     990012 kB\nBuffers:               0 kB\n' +
    'Cached:             9876 kB\nSlab:               8640 kB\nVmallocTotal:     245760 kB\nVmallocUsed:        1234 kB\n',
  buddyinfo: 'Node 0, zone   Normal      3      2      1      4      5      3      2      1      1      2    187 \n' +
    'Node 0, zone  HighMem      0      1      1      0      1      1      0      1      0      1     36 \n',
  tabs: 'a\tb\tc\n  lead spaces\ntrail   \n\tx\n',
  'u8': 'héllo wörld\n',
  bin: BIN,
  big: 'x'.repeat(4999) + '\n',
  'sub/f1': 'hello\n',
  'sub/f2': 'y'.repeat(5000),
  'sub/deep/f3': 'deep\n',
  'mnt/lab1/Makefile': 'obj-m += hello.o\n\nall:\n\tmake -C /lib/modules/$(shell uname -r)/build M=$(PWD) modules\n',
  'mnt/lab1/hello.c': '#include <linux/module.h>\n\nstatic int __init hello_init(void)\n{\n\tpr_info("hello\\n");\n\treturn 0;\n}\nmodule_init(hello_init);\nMODULE_LICENSE("GPL");\n',
  'mnt/notes.txt': 'lab notes\n',
  'run.sh': '#!/bin/sh\necho "args: $#"\n',
  '.hidden': 'secret\n',
  mid: 'm'.repeat(150000),
  k1: 'k'.repeat(1024),
  k1b: 'k'.repeat(1025),
  'mnt/lab1/.config': 'CONFIG_X=y\n'
}
const DIRS = ['empty']
const LINKS: Record<string, string> = { link: 'a.txt', dlink: 'sub' }
const MODES: Record<string, number> = { 'run.sh': 0o755, 'mnt/notes.txt': 0o600 }

// ---- the cases ------------------------------------------------------------------------

/** A command line, and why a difference in it is accepted (when it is). */
interface Case {
  cmd: string
  accept?: string
  /** Output in readdir order: the same lines in another order are an accepted difference. */
  order?: boolean
}

const C = (cmd: string, accept?: string): Case => ({ cmd, accept })
/** A case whose output follows readdir order (find, du, grep -r). */
const R = (cmd: string): Case => ({ cmd, order: true })

/**
 * Accepted differences (intended or outside the shell):
 * - ls colours and columns on a terminal: every case here runs without one.
 * - the work directory's parent: the host's /dev/shm, not the machine's.
 * - inode and device numbers, ctime and atime in `stat`: the machine's own.
 * - rev with non-ASCII text: ours reverses characters (our streams carry
 *   text); the reference's busybox runs without LANG, so it reverses bytes.
 * - readdir order (find, du, grep -r): a tmpfs directory lists its newest
 *   entry first on both sides; the cases marked R() would still accept the
 *   same lines in another order (none needs it now).
 * - od -tL: long is 4 bytes on the ARM board, 8 on an x86-64 busybox; an
 *   out-of-range awk printf %d is undefined in C (x86 INT_MIN, ARM saturates).
 * - realpath/readlink -f: the absolute path of the work directory differs.
 * - stdin and pipes carry text: binary data through them is not byte-exact.
 * - awk's `cmd | getline` and its parse error messages (busybox: "Unexpected token").
 * - hexdump -s across several files: busybox's skip bookkeeping oddity.
 * Compare with busybox-static (BUSYBOX=...): Debian's dynamic busybox has
 * other applets (blkid) and lacks some (crond, ed); neither has cksum or comm.
 */
const CASES: Case[] = [
  // new applets
  C('tac a.txt nonl'), C('tac nope a.txt'), C('echo ab | tac - nonl'), C('tac < dmesg.log | head -n 2'),
  C('rev a.txt nonl'), C('rev nope'), C('rev u8', 'rev reverses characters, the reference (no LANG) bytes'),
  C('nl a.txt'), C('nl -ba -w3 -s: -v5 -i2 a.txt'), C('nl -bn a.txt nonl'), C('nl nope a.txt'), C('nl -w x a.txt'), C('nl -s "" -w 1 a.txt'),
  C('cat dmesg.log | nl | tail -n 3'),
  C('fold -w 20 dmesg.log'), C('fold -s -w 20 dmesg.log'), C('fold -w 0 a.txt'), C('fold -w x a.txt'), C('fold -w 8 tabs'), C('fold -sw3 nonl'),
  C('printf "abc\\bdef\\rgh\\n" | fold -w 3'), C('fold -b -w 7 u8'), C('fold -w 7 u8'), C('fold -12 dmesg.log | head -n 3'),
  C('od a.txt'), C('od -c bin'), C('od -x bin'), C('od -An -tx1 -N8 bin'), C('od -Ad -td4 bin'), C('od -b -j 4 -N 10 bin'),
  C('od -tu2 bin'), C('od -ta bin'), C('od -d nonl'), C('od -o nonl'), C('od -tx8 bin'), C('od -to1 bin'), C('od -i nonl; od -l bin; od -h nonl'),
  C('od -tx1 -w4 nonl'), C('od -tz nonl'), C('od -Aq nonl'), C('od nope'), C('od -s bin'), C('echo hi | od -c'), C('od -td1 bin'),
  C('od -tfF nonl'), C('od -tfD bin'), C('od -f bin'), C('od -tx1 -tc nonl'), C('od -td3 nonl'), C('od -tdC -tuS -toI -tx8 nonl'), C('od -tdC -tuS -toI -txL nonl', 'long is 4 bytes on ARM'),
  C('od -j 100 nonl'), C('od -N 2 nonl; od -j1 -N1 nonl; od -j 0x1 nonl'), C('od -An nonl'), C('od -w bin'), C('od -tx nonl; od -to nonl'),
  C('od nonl a.txt nope'), C('od -v -Ax big'), C('od big'), C('od -Ax -tx1 big | head -n 3'), C('od -c u8'), C('od -N 4 -tx4 /dev/zero'),
  C('md5sum a.txt bin nope'), C('echo x | md5sum; md5sum < nonl'), C('sha1sum a.txt big; sha256sum a.txt sub/f2; sha512sum a.txt bin'),
  C('md5sum a.txt bin > ../s; md5sum -c ../s; echo y >> a.txt; md5sum -c ../s; md5sum -cs ../s; echo $?'),
  C('md5sum a.txt > ../s; printf "garbage\\n" >> ../s; md5sum -c ../s; md5sum -cw ../s'),
  C('printf "abc  nofile\\n" | md5sum -c'), C('md5sum -c nope'), C('md5sum -x'), C('md5sum -s a.txt'),
  C('sha256sum a.txt | sha256sum -c -'), C('printf "d41d8cd98f00b204e9800998ecf8427e *nonl\\n" | md5sum -c'), C('md5sum empty'),
  C('strings bin'), C('strings -n 2 bin'), C('strings -o bin; strings -t x bin; strings -t d -n 3 bin'), C('strings -f bin a.txt'),
  C('strings -a bin | head -n 2; strings nope'), C('strings -n 0 bin'), C('strings -t q bin'), C('strings u8'), C('cat a.txt | strings'),
  C('strings -n 20 bin'),
  // du
  R('du -s .'), R('du'), R('du sub'), R('du -a sub'), R('du -h sub'), R('du -sh sub big'), R('du -k big'), R('du -s sub nope a.txt'),
  R('du -c sub a.txt'), R('du -d 1 .'), R('du -m big'), R('du -sk sub/f2'), R('du empty'), R('du link dlink'), R('du -L dlink'), C('du -b sub'),
  R('du -as sub'),
  // ls
  C('ls'), C('ls -1'), C('ls -a'), C('ls -A'), C('ls -l'), C('ls -la mnt'), C('ls -l mnt/lab1'),
  C('ls -lh sub'), C('ls -lh big sub/f2 a.txt'), C('ls -ld sub'), C('ls -l link'),
  C('ls -lL link'), C('ls -d sub mnt'), C('ls -R sub'), C('ls sub mnt'), C('ls -s'), C('ls -i a.txt', 'inode numbers'), C('ls -F'), C('ls -p'),
  C('ls -t a.txt big'), C('ls -r'), C('ls -S sub'), C('ls nope a.txt'), C('ls -1 mnt/*'), C('ls -l run.sh mnt/notes.txt'),
  C('ls -n a.txt'), C('ls -e a.txt'),
  // cat head tail wc
  C('cat -n a.txt'), C('cat -A tabs'), C('cat -e tabs'), C('cat -T tabs'), C('cat -v bin'), C('cat -b a.txt'), C('cat -s a.txt a.txt'),
  C('cat nope a.txt'), C('cat nonl nonl'), C('head -n 3 dmesg.log'), C('head -3 dmesg.log'), C('head -c 10 a.txt'), C('head -n -2 a.txt'),
  C('head a.txt nonl'), C('head -q a.txt nonl'), C('head -v a.txt'), C('head nope'), C('tail -n 2 dmesg.log'), C('tail -2 nums'),
  C('tail -n +3 a.txt'), C('tail -c 5 a.txt'), C('tail a.txt nonl'), C('tail nope'), C('tail -c +3 nonl'), C('tail -n 1 nonl'),
  C('wc a.txt'), C('wc -l a.txt nonl'), C('wc -w words'), C('wc -c bin'), C('wc -L dmesg.log'), C('wc < a.txt'), C('wc -l < dmesg.log'),
  C('wc nope a.txt'), C('wc -m u8'), C('cat a.txt | wc -lw'),
  // sort uniq
  C('sort words'), C('sort -r words'), C('sort -n nums'), C('sort -nr nums'), C('sort -u nums'), C('sort -t, -k2 -n slab.csv'),
  C('sort -t, -k3,3nr slab.csv'), C('sort -f words'), C('sort -k2 words'), C('sort nums | uniq'), C('sort nums | uniq -c'),
  C('sort nums | uniq -d'), C('sort nums | uniq -u'), C('uniq -i words'), C('sort words | uniq -c | sort -rn'), C('sort -o ../o nums; cat ../o'),
  C('sort nope'), C('sort -n -k2 buddyinfo'), C('sort -s -k1,1 words'), C('sort -h big'), C('sort -b tabs'), C('sort -c nums; echo $?'),
  // grep
  C('grep apple words'), C('grep -i banana words'), C('grep -v apple words'), C('grep -c apple words'), C('grep -n four a.txt'),
  C('grep -E "order=[0-9]+" dmesg.log'), C('grep -o "pfn=0x[0-9a-f]*" dmesg.log'), C('grep -w app words'), C('grep -w apple words'),
  C('grep -l apple words a.txt'), C('grep -L apple words a.txt'), C('grep -h apple words words'), C('grep apple words a.txt'),
  C('grep -q apple words; echo $?'), C('grep nope words; echo $?'), C('grep x nope; echo $?'), C('grep -s x nope; echo $?'),
  C('grep -e one -e two a.txt'), C('grep -F "[0" dmesg.log'), C('grep "^\\[ *12" dmesg.log'), C('grep -E "(kmalloc|vmalloc)_" dmesg.log'),
  C('grep -oE "[0-9]+kB" dmesg.log'), C('grep -A1 taints dmesg.log'), C('grep -B1 -n kmalloc dmesg.log'), C('grep -C1 Memory dmesg.log'),
  C('grep -m1 alloc dmesg.log'), R('grep -r hello mnt'), C('grep -x two a.txt'), C('grep "" nonl'), C('grep -ic APPLE words'),
  C('grep MemFree meminfo'), C('grep -E "^(MemTotal|MemFree)" meminfo'), C('grep -e "" -c a.txt'), C('egrep "a|b" words'), C('fgrep "a|b" words'),
  C('grep -n "" a.txt'), C('grep -oi APPLE words'), C('grep -vc "" a.txt'), C('grep'), C('grep -Z x words'),
  // sed awk cut tr
  C('sed -n 2p a.txt'), C('sed s/apple/pear/ words'), C('sed s/apple/pear/g words'), C('sed -n "/alloc/p" dmesg.log'), C('sed 1d a.txt'),
  C('sed -e "s/^\\[ *\\([0-9.]*\\)\\]/T=\\1/" dmesg.log'), C('sed -n "$p" a.txt'), C('sed "2,3d" a.txt'), C('sed -E "s/(o+)/<\\1>/g" a.txt'),
  C('sed "s/[0-9]\\+/N/g" nums'), C('sed = a.txt'), C('sed -n "/two/,/four/p" a.txt'), C('sed y/abc/xyz/ words'), C('sed "a\\\\\nadded" nonl'),
  C('sed "/^$/d" a.txt'), C('sed -i s/one/ONE/ a.txt; cat a.txt'), C('sed "s/ /_/2" words'), C('sed "s/a/A/w ../w" words >/dev/null; cat ../w'),
  C('sed -n "l" tabs'), C('sed q nums'), C('sed 2q nums'), C('sed "$!N;s/\\n/ /" nums'), C('sed "s|/|:|g" mnt/lab1/Makefile'),
  C('awk "{print \\$1}" words'), C('awk -F, "NR>1 {s+=\\$3} END {print s}" slab.csv'), C('awk "/MemFree/ {print \\$2}" meminfo'),
  C('awk "{print NR, NF}" a.txt'), C('awk -F: "{printf \\"%-15s %10d\\n\\", \\$1, \\$2}" meminfo'), C('awk "END {print NR}" dmesg.log'),
  C('awk "{ s += \\$12 } END { print s }" buddyinfo'), C('awk "length > 10" a.txt'), C('awk -F, "{a[\\$1]+=\\$3} END {for (k in a) n++; print n}" slab.csv'),
  C('awk "BEGIN {printf \\"%d %s %5.2f\\n\\", 42, \\"x\\", 3.14159}"'), C('awk "{print toupper(\\$0)}" words'),
  C('awk "{print substr(\\$0, 2, 3)}" words'), C('awk "NR==2" a.txt'), C('awk -v x=5 "BEGIN {print x*2}"'), C('awk "{print \\$NF}" words'),
  C('awk "BEGIN { print length(\\"abc\\"), index(\\"abc\\", \\"c\\"), 7/2, 2^10 }"'), C('awk "{gsub(/a/, \\"A\\"); print}" words'),
  C('awk "{ split(\\$0, f, \\",\\"); print f[2] }" slab.csv'), C('awk -F"[][]" "{print \\$2}" dmesg.log'),
  C('awk "BEGIN { x = 1e6; print x, x*10, 0.1+0.2, 100/3 }"'), C('awk "{ printf \\"%s|\\", \\$0 } END { print \\"\\" }" nonl'),
  C('cut -d, -f1,3 slab.csv'), C('cut -c1-5 a.txt'), C('cut -d" " -f2 words'), C('cut -f2 tabs'), C('cut -s -f2 tabs'), C('cut -c3- nonl'),
  C('cut -d: -f2 meminfo'), C('cut -b1-3 u8'), C('cut a.txt'), C('cut -f0 a.txt'), C('cut -d, -f2- slab.csv'), C('cut -d, --output-delimiter=" " -f1,2 slab.csv'),
  C('tr a-z A-Z < words'), C('tr -d aeiou < words'), C('tr -s " " < tabs'), C('tr -s " \\t" " " < buddyinfo'), C('tr "[:lower:]" "[:upper:]" < a.txt'),
  C('tr -c "a-z\\n" _ < words'), C('tr -cd "0-9\\n" < dmesg.log'), C('echo hello | tr el ip'), C('tr'), C('echo abc | tr -d'), C('tr "\\n" " " < a.txt'),
  C('echo aaabbb | tr -s ab'), C('echo hello | tr a-y b-z'),
  // xargs find
  C('echo a b c | xargs echo x'), C('echo a b c d | xargs -n 2 echo'), C('printf "f1\\nf2\\n" | xargs -I{} echo file {}'), R('find sub -type f | sort | xargs cat'),
  C('echo | xargs -r echo empty'), C('echo "a \\"b c\\" d" | xargs -n1'), C('xargs < a.txt'), C('echo 1 2 | xargs -t echo'),
  R('find sub'), R('find . -name "*.txt"'), R('find . -type d'), R('find sub -type f -name "f*"'), R('find mnt -name "*.c"'), R('find nope'),
  R('find . -maxdepth 1 -type f'), R('find . -type l'), R('find sub -mindepth 2'), R('find . -name f1 -o -name f3'), R('find sub -size +1k'),
  R('find . -empty'), R('find . -newer a.txt'), R('find sub -exec echo {} \\;'), R('find . -iname "A*"'), C('find sub/deep -print0 | od -c'),
  R('find . -path "./sub/*"'), R('find . -perm 755'), R('find sub ! -name f1'),
  // stat test printf expr seq
  C('stat a.txt | head -n 2'), C('stat -c "%n %s %b %F %a %A %U %G %h" a.txt sub/f2 link run.sh'), C('stat -c %s big'), C('stat nope'),
  C('stat -L -c "%n %F" link'), C('stat -c "%N" link'), C('stat -f . | head -n 1', 'statfs of the host'), C('stat -t a.txt', 'inode/device/times'),
  C('test -f a.txt; echo $?'), C('test -d sub && echo dir'), C('[ -e nope ] || echo none'), C('[ -s empty ]; echo $?'), C('[ -x run.sh ] && echo x'),
  C('[ -L link ] && echo link'), C('[ 3 -gt 2 -a 1 -lt 2 ]; echo $?'), C('[ abc = abc ]; echo $?'), C('[ -n "" ]; echo $?'), C('[ -z "" ]; echo $?'),
  C('test 1 -eq x; echo $?'), C('[ 1 -lt ]; echo $?'), C('test ! -f sub; echo $?'), C('[ a.txt -nt nope ]; echo $?'), C('[ "(" 1 = 1 ")" ]; echo $?'),
  C('[ 1 = 1 -o x ]; echo $?'), C('test; echo $?'), C('[ 1; echo $?'),
  C('printf "%s\\n" a b c'), C('printf "%5d|%-5d|%05d\\n" 42 42 42'), C('printf "%x %o %X %#x\\n" 255 8 255 255'), C('printf "%.2f %e\\n" 3.14159 31415.9'),
  C('printf "%c\\n" hello'), C('printf "%b\\n" "a\\tb"'), C('printf "%d\\n" abc; echo $?'), C('printf "%s %s\\n" a'), C('printf "\\x41\\101\\n"'),
  C('printf "%10.3s|\\n" abcdef'), C('printf "%%\\n"'), C('printf "%i\\n" 0x10 010'), C('printf'), C('printf "%d\\n" 3.5'), C('printf "%-10s|\\n" hi'),
  C('printf "%q\\n" x'), C('printf "%*d|\\n" 5 3'), C('printf "%u\\n" -1'), C("printf '%s\\n' \"$(cat a.txt)\""),
  C('expr 1 + 2'), C('expr 7 / 2; expr 7 % 3'), C('expr 2 \\* 3'), C('expr length hello'), C('expr substr hello 2 3'), C('expr index hello l'),
  C('expr match hello "h.*"'), C('expr hello : "\\(h.\\)"'), C('expr 1 = 1'), C('expr a \\< b'), C('expr 1 / 0'), C('expr x + 1'), C('expr'),
  C('expr 0; echo $?'), C('expr "" \\| 5'), C('expr 3 \\> 20'),
  C('seq 5'), C('seq 2 5'), C('seq 1 2 10'), C('seq 10 -3 1'), C('seq -w 8 10'), C('seq -s , 3'), C('seq 1.5 0.5 3'), C('seq x'), C('seq'), C('seq 5 1'),
  C('seq 0'),
  // hexdump hd cmp
  C('hexdump -C bin'), C('hexdump bin'), C('hd a.txt'), C('hexdump -C big'), C('hexdump -n 8 -C bin'), C('hexdump -s 4 -n 8 -C bin'), C('hexdump -v -C big | tail -n 2'),
  C('hexdump -x nonl'), C('hexdump -c a.txt'), C('hexdump -d nonl'), C('hexdump -o nonl'), C('hexdump -b nonl'), C('echo hi | hexdump -C'), C('hexdump nope'),
  C('cmp a.txt a.txt; echo $?'), C('cmp a.txt words; echo $?'), C('cmp -l nonl a.txt'), C('cmp -s a.txt words; echo $?'), C('cmp a.txt nope'),
  C('cmp nonl a.txt'),
  // misc text filtering of kernel logs
  C('grep -E "taints|Out of memory" dmesg.log | cut -d" " -f2-'), C('awk -F"] " "{print \\$2}" dmesg.log | sort | head -n 3'),
  C('grep alloc_page_lab dmesg.log | wc -l'), C('sed -n "s/.*pfn=\\(0x[0-9a-f]*\\).*/\\1/p" dmesg.log'), C('tr -s " " < buddyinfo | cut -d" " -f4-'),
  C('cat meminfo | awk "{sum += \\$2} END {print sum}"'), C('grep -c "" dmesg.log'), C('sort -k2 -t: meminfo | head -n 3'),
  C('head -n 5 dmesg.log | tail -n 2'), C('basename mnt/lab1/hello.c .c; dirname mnt/lab1/hello.c'), C('readlink link; readlink -f link', 'the path of the temp dir'),
  C('realpath sub/../a.txt', 'the path of the temp dir'), C('echo $(( 3 * 4 ))'), C('cat a.txt | paste -s -d,'), C('paste -d: a.txt nums'),
  C('wc -c < bin', 'stdin carries text: binary data through it is not byte-exact'), C('ls | wc -l'), C('echo hello world | cut -c1-5 | rev'), C('cat <<EOF\nline1\n$((1+1))\nEOF'), C('yes | head -n 3'),
  C('mkdir -p x/y && ls -R x'), C('cp a.txt c.txt && cmp a.txt c.txt && echo same'), C('mv nonl moved && ls moved'), C('rm -v a.txt'),
  C('touch new && ls new'), C('ln -s a.txt l2 && readlink l2'), C('chmod 600 a.txt && ls -l a.txt | cut -c1-10'), C('rmdir empty && ls -d empty'),
  C('dirname /'), C('basename /'), C('echo -n hi; echo -e "a\\tb"; echo -E "a\\tb"'),
  // more of what students type
  C('ls -a mnt/lab1'), C('ls -A mnt/lab1'), C('ls -la mnt/lab1'), C('ls -1a sub'), C('ls -ld . ..', "the temp directory's parent is the host's /dev/shm"),
  C('ls -lh big'), C('ls -lS a.txt big bin'), C('ls -ltr a.txt big'), C('ls *.txt'), C('ls -d */'), C('ls -F sub mnt'), C('ls -x'), C('ls -C'),
  C('ls -1 nope empty'), C('ls -l empty'), C('ls -R mnt'), C('ls -lR sub'), C('ls -li a.txt', 'inode numbers'),
  C('cat -n dmesg.log | head -n 2'), C('cat a.txt - < nonl'), C('cat < nope'), C('cat -b -n a.txt'),
  C('head -n 0 a.txt'), C('head -c -3 a.txt'), C('tail -c +100 a.txt'), C('tail -n 0 a.txt'), C('head -n x a.txt'), C('tail -n x a.txt'),
  C('tail -3 dmesg.log | cut -c1-20'), C('head -n 3 nums | tail -n 1'),
  C('wc -l *.txt'), C('wc -w < words'), C('wc -c a.txt nonl words'), C('echo -n abc | wc -c'), C('wc -lwc u8'),
  C('sort -k2,2 -k1,1 words'), C('sort -t: -k2n meminfo'), C('sort -n -t, -k2 slab.csv | head -n 2'), C('sort -k1.2,1.3 words'),
  C('sort -rn -k2 -t, slab.csv'), C('sort -z a.txt | od -c'), C('uniq -c words'), C('sort words | uniq -i'), C('uniq nope'), C('uniq -f1 words'),
  C('uniq -s2 words'), C('uniq a.txt ../u; cat ../u'), C('sort nums | uniq -c | sort -n'),
  C('grep -c . a.txt'), C('grep -v -e one -e two a.txt'), C('grep -E "^\\[ +[0-9]+\\.[0-9]+\\]" dmesg.log | wc -l'),
  C('grep -o "[0-9]*K" dmesg.log'), C('grep "a\\|b" words'), C('grep -E "a{2}" words'), C('grep "p\\{2\\}" words'),
  C('grep -i "^B" words'), C('grep -n -v apple words'), C('grep -H four a.txt'), C('grep -hn apple words a.txt'), C('grep -e'),
  C('grep "[[:digit:]]\\+" nums'), C('grep -E "[[:upper:]]" words'), C('grep -w "4194304" dmesg.log'), C('grep -ow "[a-z]*_[a-z]*" dmesg.log'),
  C('grep -F -x "two" a.txt'), C('grep -q nope words || echo missing'), C('grep -E "(^| )apple( |$)" words'),
  C('sed -n "1~2p" nums'), C('sed -n "3,\\$p" nums'), C('sed "s/\\(.*\\),\\(.*\\),\\(.*\\)/\\3 \\1/" slab.csv'), C('sed -e 1d -e 2d a.txt'),
  C('sed "/^$/!s/^/> /" a.txt'), C('sed -n "/Memory/{p;q}" dmesg.log'), C('sed "s/x*/-/g" nonl'), C('sed "s/a/b/3" words'),
  C('sed -E "s/([a-z]+) ([a-z]+)/\\2 \\1/" words'), C('sed "1!G;h;\\$!d" a.txt'), C('sed -n "\\$=" dmesg.log'),
  C('sed "s/[[:space:]]\\+/ /g" tabs'), C('sed "2i\\\ninserted" a.txt'), C('sed "2c\\\nchanged" a.txt'), C('sed "y/abc/ABC/" words'),
  C('sed --version'), C('sed -n p nope'), C('sed "s/a/b" words'), C('sed "k" words'), C('sed "s/\\./!/g; s/ /_/" a.txt'),
  C('awk "NR==1, NR==2" a.txt'), C('awk "/two/,/four/" a.txt'), C('awk "{ n[\\$1]++ } END { for (w in n) if (n[w] > 1) print w, n[w] }" words'),
  C('awk -F, "\\$3 > 1000 { print \\$1 }" slab.csv'), C('awk "{ print NF \\":\\" \\$0 }" tabs'), C('awk "{ \\$2 = \\"X\\"; print }" words'),
  C('awk "BEGIN { OFS = \\"-\\" } { \\$1 = \\$1; print }" words'), C('awk "{ printf \\"%-8s|%5.1f\\n\\", \\$1, NR / 3 }" words'),
  C('awk "BEGIN { printf \\"%c%c\\n\\", 65, \\"hi\\" }"'), C('awk "BEGIN { print substr(\\"hello\\", 0), substr(\\"hello\\", -1, 3) }"'),
  C('awk "BEGIN { print index(\\"\\", \\"\\"), length() }" < a.txt'), C('awk "{ sub(/[0-9]+/, \\"N\\"); print }" nums'),
  C('awk "BEGIN { n = split(\\"a:b:c\\", arr, \\":\\"); print n, arr[3] }"'), C('awk "BEGIN { print match(\\"foobar\\", /ob/), RSTART, RLENGTH }"'),
  C('awk "BEGIN { x[1]; if (1 in x) print \\"yes\\"; delete x[1]; print length(x) }"'), C('awk "END { print \\$0 }" a.txt'),
  C('awk "BEGIN { print 1 == 1.0, \\"a\\" < \\"b\\", 2 < 10, \\"2\\" < \\"10\\" }"'), C('awk "{ print \\$1 > 5 }" nums; cat 5', 'writes a file'),
  C('awk "{ s = s \\$0 } END { print s }" nums'), C('awk "BEGIN { while (i < 3) print i++ }"'), C('awk "BEGIN { printf \\"%5s|%-5s|%.2s\\n\\", \\"ab\\", \\"cd\\", \\"efgh\\" }"'),
  C('awk "BEGIN { print toupper(substr(\\"kmalloc\\", 1, 1)) tolower(\\"ABC\\") }"'), C('awk "BEGIN { print int(\\"12abc\\"), \\"3x\\" + 1, -7 % 3 }"'),
  C('awk "BEGIN { print 100000 * 100000, 0.1 * 3, 1e300 * 1e10, 123456789012 }"'), C('awk "BEGIN { x = \\"A\\"; x = x x; print x }"'),
  C('awk -f nope'), C('awk'), C('awk "{ print }" nope'), C('awk "BEGIN { getline line < \\"a.txt\\"; print line }"'), C('awk "BEGIN { while ((getline l < \\"nums\\") > 0) s += l; print s }"'),
  C('awk "{ getline; print }" a.txt'), C('awk "NR == 1 { getline x; print \\"x=\\" x, NR } END { print NR }" a.txt'), C('awk "BEGIN { print getline < \\"nope\\" }"'),
  C('awk "BEGIN { getline < \\"words\\"; print \\$2, NF, NR }"'), C('awk "END { print getline }" a.txt'),
  C('awk "{ print FILENAME, FNR }" a.txt nonl'), C('awk "NR % 2" nums'), C('awk "!seen[\\$0]++" nums'), C('awk "{ \\$3 = \\"\\"; print NF }" words'),
  C('cut -d" " -f1 --complement words'), C('cut -c2,4 words'), C('cut -f1,3 -d, slab.csv | tr , " "'), C('cut -d: -f1 meminfo | head -n 2'),
  C('tr -s "a-z" < words'), C('tr "a-c" "A-C" < words'), C('tr -d "[:digit:]" < dmesg.log | head -n 2'), C('tr "[:space:]" "\\n" < words | head -n 3'),
  C('echo "a  b" | tr -s " "'), C('tr -c -d "a-z\\n" < words'), C('echo abc | tr "a-c" "x"'), C('echo hello | tr -d l'),
  C('xargs -n1 < words | head -n 3', 'a dying pipe reader: Debian\'s dynamic busybox runs echo as a process and reports its SIGPIPE'), C('ls sub | xargs -I % echo "[%]"'), C('echo a b | xargs -n 1 echo ='), C('printf "1\\n2\\n" | xargs expr 1 +'),
  C('echo | xargs echo x'), C('xargs nosuchcmd < a.txt'), C('echo a | xargs -0 echo'),
  C('seq 3 | paste -sd+'), C('seq 10 | head -n 3 | tac'), C('seq -w 1 10 | tail -n 2'), C('seq 1 0.5 2'), C('seq 5 -1 3'), C('seq -s " " 1 5'),
  C('expr length "hello world"'), C('expr 10 - 3 \\* 2'), C('expr "(" 10 - 3 ")" \\* 2'), C('expr 5 \\>= 5'), C('expr abc \\< abd'),
  C('expr 2147483648 + 1'), C('expr -5 / 2'), C('expr 7 % -3'), C('expr 1 \\& 0'), C('expr substr abc 5 1; echo $?'),
  C('test -e link -a -h link; echo $?'), C('[ -d sub/ ]; echo $?'), C('[ 10 -ge 9 ]; echo $?'), C('[ "a" \\< "b" ]; echo $?'), C('[ -r nope ]; echo $?'),
  C('[ -w a.txt ] && [ -x sub ]; echo $?'), C('[ ! -z x ]; echo $?'), C('[ 2 -eq 02 ]; echo $?'), C('[ abc ]; echo $?'), C('[ = ]; echo $?'),
  C('[ -f ]; echo $?'), C('[ 1 -eq 1 ] && [ 2 -ne 2 ] || echo no'), C('test x -a ""; echo $?'), C('[ ]; echo $?'),
  C('printf "%s=%d\\n" a 1 b 2'), C('printf "%03d|%+d|% d\\n" 7 7 7'), C('printf "%.3s|%-4s|\\n" abcdef ab'), C('printf "%x\\n" -1'),
  C('printf "%o %#o\\n" 8 8'), C('printf "%e\\n" 0'), C('printf "%g %g %g\\n" 100000 1000000 0.0001'), C('printf "%5.2f%%\\n" 99.5'),
  C('printf "\\101\\x42\\n"'), C('printf "%s\\c" hi; echo'), C('printf "%b" "a\\nb\\c" ; echo'), C('printf "%d %d\\n" 1'), C('printf -- "-x\\n"'),
  C('printf "%s\\n" "$(seq 3)"'), C('printf "%i|%d\\n" "\\"A" "\'B"'),
  C('echo "a\\tb"'), C('echo -e "x\\0101y"'), C('echo -e "a\\cb"'), C('echo -- -n'), C('echo -n -e "a\\n"'), C('echo -ne "\\x41"'),
  C('basename sub/f1 f1'), C('basename a.txt .txt'), C('dirname sub/deep/'), C('dirname a'), C('basename'), C('readlink nope; echo $?'), C('readlink -f nope', 'the path of the temp dir'),
  C('cp -v a.txt z'), C('cp sub z'), C('cp -r sub z && ls -R z'), C('mv -v a.txt z'), C('mkdir -v q'), C('mkdir -p q/r && rmdir -p q/r; ls -d q'),
  C('ln -sv a.txt l3'), C('touch -c nofile; ls nofile'), C('chmod +x a.txt && [ -x a.txt ] && echo x'), C('chmod 9 a.txt'), C('chmod u+w nope'),
  C('rm -i a.txt < /dev/null; ls a.txt'), C('rm -r empty; ls empty'), C('rmdir sub'), C('rm'), C('mkdir'), C('cp a.txt'), C('mv'), C('ln'),
  C('seq 5 | sed -n "2{p;q}"'), C('seq 6 | sed "N;N;s/\\n/,/g"'), C('seq 3 | sed "\\$!d"'), C('sed -n "/alloc/{s/.*pfn=//;p}" dmesg.log'),
  C('seq 4 | sed "n;d"'), C('seq 3 | sed -n "h;n;G;p"'), C('seq 5 | sed "/2/,/4/{/3/d}"'), C('sed ":a;N;\\$!ba;s/\\n/ /g" a.txt'),
  C('seq 3 | sed "2r nonl"'), C('seq 3 | sed "2w ../w2" >/dev/null; cat ../w2'), C('seq 3 | sed "bx;s/1/X/;:x;s/2/Y/"'), C('seq 3 | sed "s/2/X/;T;s/X/Z/"'),
  C('echo abc | sed "s/b/\\n/" | od -c'), C('seq 3 | sed "2Q"'), C('seq 3 | sed "b nolabel"'), C('seq 3 | sed "{p"'), C('seq 3 | sed "p}"'),
  C('printf "a b\\n" | sed "s/\\(a\\) \\(b\\)/\\2\\1/"'), C('seq 10 | sed -n "\\$!{h;d};x;G;p"'), C('seq 3 | sed "=" | sed "N;s/\\n/ /"'),
  C('awk "{ s += \\$2 } END { print s / NR, s / 3 }" meminfo'), C('awk "{ print \\$2 / 1024 \\" MB\\" }" meminfo'), C('awk "BEGIN { printf \\"%.2f %d %x %o %e %5.1f%%\\n\\", 2/3, 3.99, 255, 8, 12345.678, 45.25 }"'),
  C('awk "BEGIN { print 1/3, 2/3 * 3, 1e6, 1e7, 123456789, 0.000001, 1e-7, -0 }"'), C('awk "BEGIN { OFMT = \\"%.2f\\"; print 3.14159, 10; x = 3.14159 \\"\\"; print x }"'),
  C('awk "BEGIN { CONVFMT = \\"%.2g\\"; x = 3.14159; y = x \\"\\"; print y }"'), C('awk "BEGIN { printf \\"%s %s %s\\n\\", 1e20, 2^31, 017 }"'),
  C('awk "BEGIN { print length(12345), length(1/3) }"'), C('awk "{ printf \\"%-20s %10s\\n\\", \\$1, \\$2 }" meminfo'), C('awk -F: "{ gsub(/ /, \\"\\", \\$2); print \\$1 \\"=\\" \\$2 }" meminfo'),
  C('awk "NR > 1 { print prev } { prev = \\$0 }" a.txt'), C('awk "{ print NR \\": \\" \\$0 }" nonl'), C('awk "BEGIN { print substr(\\"abc\\", 2, 100) toupper(\\"x\\") }"'),
  C('awk "{ a[NR] = \\$0 } END { for (i = NR; i > 0; i--) print a[i] }" a.txt'), C('awk "BEGIN { n = split(\\"a b  c\\", w); print n, w[3] }"'),
  C('awk "BEGIN { print (1 < 2) ? \\"yes\\" : \\"no\\" }"'), C('awk "BEGIN { x = 5; x += 2; x *= 3; x -= 1; x /= 4; x %= 3; print x }"'),
  C('awk "BEGIN { print -3 % 2, 3 % -2, 7.5 % 2 }"'), C('awk "/^\\[/ { n++ } END { print n+0 }" dmesg.log'), C('awk "{ print \\$(NF-1) }" words'),
  C('awk "BEGIN { printf \\"%d\\n\\", 2147483648 * 2 }"', 'an out-of-range %d is undefined in C: x86 gives INT_MIN, the ARM board saturates'), C('awk "BEGIN { printf \\"%i %5s|%-5d|\\n\\", 42, \\"ab\\", 7 }"'), C('awk "BEGIN { printf \\"%c\\", 256 + 65; print \\"\\" }"'),
  C('awk "BEGIN { s = sprintf(\\"%05.1f\\", 3.14159); print s }"'), C('awk "{ \\$0 = toupper(\\$0); print \\$2 }" words'), C('awk "BEGIN { RS = \\"\\" } { print NR \\": \\" \\$1 }" a.txt'),
  C('awk "BEGIN { FS = \\",\\" } { print \\$2 }" slab.csv'), C('awk -F"\\t" "{ print \\$2 }" tabs'), C('awk -v OFS=: "{ \\$1 = \\$1 } 1" words'),
  C('awk "BEGIN { while ((\\"echo hi\\" | getline l) > 0) print l }"', 'awk: getline from a command is not implemented'), C('awk "{ print > \\"../o\\" } END { close(\\"../o\\") }" nonl; cat ../o'),
  C('awk "BEGIN { printf \\"a\\" \\"b\\\\n\\" }"'), C('awk "BEGIN { print index(\\"kmalloc-64\\", \\"-\\"), substr(\\"kmalloc-64\\", 9) + 0 }"'),
  C('awk "BEGIN { print 10 \\" \\" 010 \\" \\" 0x10 }"'), C('awk "BEGIN { print \\"10\\" + 0, \\"0x1A\\" + 0, \\" 12 \\" + 0, \\"1e3\\" + 0 }"'),
  C('awk "BEGIN { exit 3 } END { print \\"end\\" }"; echo $?'), C('awk "{ exit } END { print NR }" a.txt'), C('awk "BEGIN { print srand(1), srand(2) }"'),
  C('ls -lh mid k1 k1b big a.txt'), C('du -h mid k1 k1b'), C('du -sh .'), C('ls -s mid k1 k1b'), C('ls -lS mid k1 k1b big'), C('wc -c mid k1b'),
  C('head -c 20 mid | wc -c'), C('tail -c 10 k1b'), C('od -N 16 -c mid'), C('hexdump -C k1 | tail -n 3'), C('md5sum mid k1'), C('sort -k1,1 -u words'),
  C('cut -d" " -f2- words'), C('tr -s "\\n" < a.txt'), C('sort -t" " -k2,2 words'), C('grep -c "" mid'), C('expr "abc" : ".*"'), C('expr "$(cat nums | wc -l)" + 1'),
  C('ls -1 | sort -r | head -n 3'), C('ls | wc -l'), C('ls -a | head -n 4'), C('ls -ld empty run.sh'),
  C('hexdump nope a.txt'), C('hexdump -C nope'), C('hexdump -s 100 a.txt'), C('hexdump -C -s 3 nonl a.txt', 'busybox: -s equal to the first file shows that file anyway (its skip bookkeeping)'), C('echo abc | hexdump -c'), C('od -An -c -j 2 nonl a.txt'),
  C('grep "\\(a\\).*\\1" words'), C('grep -E "(an)+" words'), C('grep -o -E "(an)+" words'), C('grep "an\\?a" words'), C('grep -E "^[]a]" words'),
  C('grep "[^]a-z ]" words'), C('grep "p\\{2,\\}" words'), C('grep -E "p{1,}l" words'), C('grep "^*" words'), C('grep "\\." dmesg.log | head -n 1'),
  C('grep "\\<app" words'), C('grep "ple\\>" words'), C('grep -o "\\w\\+" a.txt'), C('grep -c "\\s" words'), C('grep -E "\\bdate\\b" words'),
  C('grep -o "x*" nonl'), C('grep -E "a|^B" words'), C('grep "a\\|^B" words'), C('grep -i "[[:upper:]]" a.txt'), C('grep -E "[0-9]{4,}" dmesg.log | wc -l'),
  C('grep "[[:punct:]]" slab.csv | head -n 1'), C('grep -E "e$|^o" a.txt'), C('grep -v "^[[:space:]]*$" a.txt'), C('grep -o "[[:alpha:]]*_[[:alpha:]]*" dmesg.log'),
  C('sed -n "/^\\[ *1[0-9]\\./p" dmesg.log'), C('sed "s/\\([a-z]*\\)/[\\1]/2" words'), C('sed -E "s/(a|e)+/<&>/g" words'), C('sed "s/a\\{1,\\}/A/" words'),
  C('sed "s/[[:digit:]]\\+/#/g" slab.csv'), C('sed "s/^[ \\t]*//" tabs'), C('sed "s/\\s\\+$//" tabs | cat -A'), C('sed -n "s/.*(\\(dd\\)).*/\\1/p" dmesg.log'),
  C('sed "s/./&&/3" nonl'), C('sed "s/\\//|/g" mnt/lab1/Makefile'), C('sed "s#/#|#g" mnt/lab1/Makefile'), C('sed "s/$/\\r/" nonl | od -c'),
  C('awk "/^\\[ +[0-9]+\\./ { n++ } END { print n }" dmesg.log'), C('awk "\\$2 ~ /^[0-9]+$/" meminfo'), C('awk "\\$1 !~ /^k/" slab.csv'),
  C('awk "{ gsub(/[aeiou]/, \\"&&\\"); print }" words'), C('awk "{ sub(/a+/, \\"[&]\\"); print }" words'), C('awk "{ print match(\\$0, /an+/), RSTART, RLENGTH }" words'),
  C('awk -F"[,-]" "{ print \\$2 }" slab.csv'), C('awk "BEGIN { s = \\"a.b.c\\"; gsub(\\".\\", \\"-\\", s); print s }"'), C('awk "BEGIN { s = \\"a.b.c\\"; gsub(/\\./, \\"-\\", s); print s }"'),
  C('echo cccd | sed "s/c*/R/g"'), C('echo abcabc | sed "s/b*/X/2"'), C('echo abcabc | sed "s/b*/X/g"'), C('echo aaa | sed "s/a/b/2g"'), C('echo hello | sed "s/l*/<&>/3"'),
  C('echo abc | sed -n "s/x*/-/gp"'), C('printf "a\\tb\\n" | sed "s/\\t/<TAB>/"'), C('echo "a b" | sed "s/ /\\t/" | od -c'),
  C('echo "hello world" | tr -d "[:space:]"'), C('echo abc | tr "[a-c]" "[A-C]"'), C('echo aabbcc | tr -s "[:alpha:]"'), C('echo "a-b" | tr "-" "_"'), C('echo abc | tr -d "a-"'),
  C('echo "x\\ty" | tr "\\t" " "'), C('echo hello | tr "a-z" "A-M"'), C('echo 12345 | tr 0-9 a-j'), C('echo abc | tr "\\141" X'), C('echo ab | tr -c a x'), C('echo abc | tr -t abc xy'),
  C('echo "a:b:c" | cut -d: -f2-3'), C('echo abcdef | cut -c-3'), C('echo abcdef | cut -c4-'), C('echo abcdef | cut -c1,3,5'), C('printf "a\\tb\\n" | cut -f3'), C('echo a,b | cut -d, -f1 -s'),
  C('printf "1e3\\n200\\n-0\\n0x10\\n 5\\n" | sort -n'), C('printf "b\\na\\nB\\nA\\n" | sort'), C('printf "b\\na\\nB\\nA\\n" | sort -f'), C('printf "10 b\\n9 a\\n10 a\\n" | sort -k1,1n -k2'),
  C('printf "x\\nx\\ny\\n" | uniq -c | od -c | head -n 2'), C('seq -w -5 5'), C('seq -w 0.5 0.5 2'), C('seq 1 3 | sort -rn'), C('seq 10 -2 1 | tail -n 1'),
  C('head -c 5 a.txt nonl'), C('tail -c 3 a.txt nonl'), C('wc -l nope nonl a.txt'), C('expr "abc123" : "[a-z]*"'), C('expr "abc123" : "[a-z]*\\([0-9]*\\)"'),
  C('expr 5 + 3 \\* 2 - 1'), C('expr 9 / 3 / 3'), C('expr index abcdef cd'), C('expr 3 = 03'), C('expr a = a'), C('expr 10 \\< 9'), C('expr "" = ""; echo $?'),
  C('test "abc" != "abd"; echo $?'), C('[ "$(echo)" = "" ]; echo $?'), C('[ -n "x" -a -z "" ]; echo $?'), C('test 5 -lt 10 -o 1 -gt 2; echo $?'), C('[ -e dlink ] && [ -d dlink ]; echo $?'),
  C('printf "%b\\n" "\\0101\\x42"'), C('printf "%b|" "a\\cb" x; echo'), C('printf "%s %s %s\\n" a b c d e'), C('printf "%-5s|%5s|\\n" ab cd'), C('printf "%.0f %.0f\\n" 0.5 1.5'),
  C('echo -e "\\0101\\0102"'), C('echo -e "a\\x41b"'), C('echo "-e" x'), C('echo -n'), C('echo -en "a\\tb" | od -c'),
  C('printf "a\\cb|%s\\n" x; echo'), C('printf "%s\\c%s" a b; echo'), C('seq -s: 3'), C('seq -w 5 -1 3'), C('seq -- 2 3'), C('printf "3\\n1e1\\n.5\\n" | sort -g'),
  C('stat -c "%a %n" sub/f1 run.sh'), C('stat -c %F empty'), C('stat -c "%h %F" sub', 'directory link counts'), C('du -s empty sub/f1')
]

// ---- running ------------------------------------------------------------------------

interface Result {
  out: string
  err: string
  rc: string
}

const BANNER = /^BusyBox v1\.35\.0 \(Debian [^)]*\) multi-call binary\.$/gm
const normalize = (s: string): string => s.replace(BANNER, 'BusyBox v1.35.0 (Debian) multi-call binary.')

function runOurs(cmd: string): Result {
  const b = makeBoard()
  const vfs = b.vfs
  const base = '/tmp/bbdiff'
  const work = `${base}/work`
  vfs.mkdirp(work)
  for (const d of DIRS) vfs.mkdirp(`${work}/${d}`)
  for (const [name, data] of Object.entries(FILES)) {
    const dir = name.includes('/') ? name.slice(0, name.lastIndexOf('/')) : ''
    if (dir) vfs.mkdirp(`${work}/${dir}`)
    vfs.writeFile(`${work}/${name}`, typeof data === 'string' ? enc(data) : data)
  }
  for (const [name, mode] of Object.entries(MODES)) vfs.chmod(`${work}/${name}`, mode)
  for (const [name, target] of Object.entries(LINKS)) vfs.symlink(target, `${work}/${name}`)
  vfs.writeFile(`${base}/case.sh`, cmd + '\n')
  b.exec(`cd ${work}; sh ../case.sh >../out 2>../err; echo $? >../rc`)
  const read = (f: string): string => {
    try {
      return new TextDecoder().decode(vfs.readFile(`${base}/${f}`))
    } catch {
      return '<missing>'
    }
  }
  return { out: read('out'), err: read('err'), rc: read('rc') }
}

function runBusybox(bbdir: string, cmd: string): Result {
  const base = mkdtempSync(join(existsSync('/dev/shm') ? '/dev/shm' : tmpdir(), 'bbdiff-'))
  const work = join(base, 'work')
  try {
    mkdirSync(work)
    for (const d of DIRS) mkdirSync(join(work, d), { recursive: true })
    for (const [name, data] of Object.entries(FILES)) {
      const dir = name.includes('/') ? name.slice(0, name.lastIndexOf('/')) : ''
      if (dir) mkdirSync(join(work, dir), { recursive: true })
      writeFileSync(join(work, name), data)
    }
    for (const [name, mode] of Object.entries(MODES)) chmodSync(join(work, name), mode)
    for (const [name, target] of Object.entries(LINKS)) {
      symlinkSync(target, join(work, name))
      lutimesSync(join(work, name), TEST_BOOT_EPOCH_MS / 1000, TEST_BOOT_EPOCH_MS / 1000)
    }
    // The board's files were all written at its boot time.
    const t = TEST_BOOT_EPOCH_MS / 1000
    const touchAll = (rel: string): void => utimesSync(join(work, rel), t, t)
    for (const name of [...Object.keys(FILES), ...DIRS]) {
      touchAll(name)
      const parts = name.split('/')
      for (let i = 1; i < parts.length; i++) touchAll(parts.slice(0, i).join('/'))
    }
    utimesSync(work, t, t)
    writeFileSync(join(base, 'case.sh'), cmd + '\n')
    spawnSync(join(bbdir, 'sh'), ['-c', 'cd work && sh ../case.sh >../out 2>../err; echo $? >../rc'], {
      cwd: base,
      env: { PATH: bbdir, HOME: '/', TERM: 'linux', TZ: 'UTC' },
      timeout: 10000
    })
    const read = (f: string): string => {
      try {
        return readFileSync(join(base, f), 'utf8')
      } catch {
        return '<missing>'
      }
    }
    return { out: read('out'), err: read('err'), rc: read('rc') }
  } finally {
    rmSync(base, { recursive: true, force: true })
  }
}

function findBusybox(): string | null {
  const env = process.env.BUSYBOX
  if (env) return existsSync(env) ? env : null
  const r = spawnSync('sh', ['-c', 'command -v busybox'], { encoding: 'utf8' })
  const path = r.stdout.trim()
  return r.status === 0 && path ? path : null
}

function main(): void {
  const args = process.argv.slice(2)
  const verbose = args.includes('-v')
  const filter = args.find((a) => a !== '-v')
  const bb = findBusybox()
  if (!bb) {
    console.log('busybox-diff: no busybox binary (install busybox or set BUSYBOX=/path/to/busybox); skipped')
    return
  }
  // A directory holding only busybox's applets, so nothing else (GNU coreutils) is found first.
  const bbdir = mkdtempSync(join(tmpdir(), 'bbbin-'))
  try {
    const list = spawnSync(bb, ['--list'], { encoding: 'utf8' }).stdout.split('\n').filter(Boolean)
    for (const a of list) symlinkSync(bb, join(bbdir, a))
    const version = spawnSync(bb, [], { encoding: 'utf8' }).stdout.split('\n')[0]
    console.log(`comparing with ${bb}: ${version}`)
    let same = 0
    let accepted = 0
    let total = 0
    for (const c of CASES) {
      if (filter && !c.cmd.includes(filter)) continue
      total++
      const ours = runOurs(c.cmd)
      const real = runBusybox(bbdir, c.cmd)
      const fields = (['out', 'err', 'rc'] as const).filter((k) => normalize(ours[k]) !== normalize(real[k]))
      const sortLines = (t: string): string => t.split('\n').sort().join('\n')
      if (c.order && fields.length === 1 && fields[0] === 'out' && sortLines(ours.out) === sortLines(real.out)) c.accept = 'readdir order'
      if (fields.length === 0) same++
      else if (c.accept) accepted++
      if (fields.length === 0 && !verbose) continue
      if (fields.length && c.accept && !verbose) continue
      console.log(`\n=== ${fields.length ? (c.accept ? 'ACCEPTED' : 'DIFF') : 'same'}: ${JSON.stringify(c.cmd)}${c.accept ? `  (${c.accept})` : ''}`)
      const show = (s: string): string => (s.length > 600 && !verbose ? JSON.stringify(s.slice(0, 600)) + '...' : JSON.stringify(s))
      for (const k of fields.length ? fields : (['out', 'err', 'rc'] as const)) {
        console.log(`  ${k} ours:    ${show(ours[k])}`)
        if (fields.length) console.log(`  ${k} busybox: ${show(real[k])}`)
      }
    }
    console.log(`\nbusybox-diff: ${same} / ${total} the same, ${accepted} accepted differences, ${total - same - accepted} differing`)
  } finally {
    rmSync(bbdir, { recursive: true, force: true })
  }
}

main()
