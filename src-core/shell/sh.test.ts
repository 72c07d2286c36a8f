/* The shell: language, pipes, redirections, jobs, signals, Ctrl-C, history, completion, robustness. */

import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { makeBoard } from './testkit'

describe('shell language', () => {
  it('quotes, escapes and variables', () => {
    const b = makeBoard()
    expect(b.exec(`echo 'a  b' "c  d" e\\ f`)).toBe('a  b c  d e f\n')
    expect(b.exec('X=hello; echo $X ${X}world "$X"')).toBe('hello helloworld hello\n')
    expect(b.exec(`echo '$X' "\\$X" \\$X`)).toBe('$X $X $X\n')
    expect(b.exec('Y="1   2"; echo $Y; echo "$Y"')).toBe('1 2\n1   2\n')
    expect(b.exec('echo ${UNSET:-dflt} ${#X} ${X#hel} ${X%lo}')).toBe('dflt 5 lo hel\n')
    expect(b.exec('echo $$')).toBe('70\n')
    expect(b.exec('echo $((3 + 4 * 2)) $((10 / 3)) $((1 << 4))')).toBe('11 3 16\n')
    expect(b.exec('echo a#b # comment')).toBe('a#b\n')
    expect(b.exec('D=~/lab; echo $D ~x')).toBe('/root/lab ~x\n')
  })

  it('$? and && ||', () => {
    const b = makeBoard()
    expect(b.exec('false; echo $?')).toBe('1\n')
    expect(b.exec('true && echo yes || echo no')).toBe('yes\n')
    expect(b.exec('false && echo yes || echo no')).toBe('no\n')
    expect(b.exec('nosuchcmd; echo $?')).toBe('sh: nosuchcmd: not found\n127\n')
    expect(b.shell.lastStatus).toBe(0)
    b.exec('false')
    expect(b.shell.lastStatus).toBe(1)
  })

  it('pipes and redirections', () => {
    const b = makeBoard()
    expect(b.exec('echo hello | tr a-z A-Z')).toBe('HELLO\n')
    expect(b.exec('echo one > /tmp/f; echo two >> /tmp/f; cat /tmp/f')).toBe('one\ntwo\n')
    expect(b.exec('wc -l < /tmp/f')).toBe('2\n')
    expect(b.exec('cat /nonexistent 2>/dev/null; echo $?')).toBe('1\n')
    expect(b.exec('cat /nonexistent 2>&1 | tr a-z A-Z')).toBe("CAT: CAN'T OPEN '/NONEXISTENT': NO SUCH FILE OR DIRECTORY\n")
    expect(b.exec('echo x > /nodir/f')).toBe("sh: can't create /nodir/f: nonexistent directory\n")
    expect(b.shell.lastStatus).toBe(1)
    // as busybox 1.35's ash: 1 for a simple, compound or function command whose redirection fails
    expect(b.exec('cat < /nope; echo $?; { echo a; } > /nodir/f; echo $?; f() { echo; }; f > /nodir/x; echo $?')).toBe(
      "sh: can't open /nope: no such file\n1\nsh: can't create /nodir/f: nonexistent directory\n1\nsh: can't create /nodir/x: nonexistent directory\n1\n"
    )
    expect(b.exec('cat < /nope')).toBe("sh: can't open /nope: no such file\n")
    expect(b.exec('seq 1 5 | head -n 2')).toBe('1\n2\n')
  })

  it('globbing against the VFS', () => {
    const b = makeBoard()
    b.exec('mkdir /tmp/g; cd /tmp/g; touch a.c b.c c.h .hidden')
    expect(b.exec('echo *.c')).toBe('a.c b.c\n')
    expect(b.exec('echo ?.h [ab].c')).toBe('c.h a.c b.c\n')
    expect(b.exec('echo *.x')).toBe('*.x\n')
    expect(b.exec('echo "*.c"')).toBe('*.c\n')
    expect(b.exec('echo /tmp/g/*')).toBe('/tmp/g/a.c /tmp/g/b.c /tmp/g/c.h\n')
    // a trailing slash matches directories only (and keeps the slash)
    expect(b.exec('echo */; mkdir d1 d2; echo */ /tmp/g/d*/; echo a.c/')).toBe('*/\nd1/ d2/ /tmp/g/d1/ /tmp/g/d2/\na.c/\n')
  })

  it('if, for, while, case, functions', () => {
    const b = makeBoard()
    expect(b.exec('if [ -d /tmp ]; then echo dir; else echo nodir; fi')).toBe('dir\n')
    expect(b.exec('for i in 1 2 3; do echo -n $i; done; echo')).toBe('123\n')
    expect(b.exec('i=0; while [ $i -lt 3 ]; do i=$((i+1)); echo $i; done')).toBe('1\n2\n3\n')
    expect(b.exec('case abc in a*) echo A;; *) echo other;; esac')).toBe('A\n')
    expect(b.exec('f() { echo "args $# $1"; return 3; }; f x y; echo $?')).toBe('args 2 x\n3\n')
    expect(b.exec('echo $(echo inner) `echo back`')).toBe('inner back\n')
    expect(b.exec('{ echo x$(cat /nope); } 2>/dev/null')).toBe('x\n')
    expect(b.exec('echo x$(cat /nope)')).toBe("cat: can't open '/nope': No such file or directory\nx\n")
  })

  it('break and continue, with levels, in for, while and until', () => {
    const b = makeBoard()
    expect(b.exec('for i in 1 2 3 4; do [ $i = 2 ] && continue; [ $i = 4 ] && break; echo -n $i; done; echo')).toBe('13\n')
    expect(b.exec('for i in a b; do for j in 1 2 3; do [ $j = 2 ] && continue 2; echo -n $i$j; done; done; echo')).toBe('a1b1\n')
    expect(b.exec('for i in a b; do for j in 1 2; do [ $i = b ] && break 2; echo -n $i$j; done; done; echo')).toBe('a1a2\n')
    expect(b.exec('i=0; while true; do i=$((i+1)); [ $i -lt 3 ] && continue; echo $i; break; done')).toBe('3\n')
    expect(b.exec('i=0; until [ $i = 5 ]; do i=$((i+1)); [ $i = 2 ] && continue; echo -n $i; done; echo')).toBe('1345\n')
    // a loop's status is its last command's: break and continue succeed (as in ash and dash)
    expect(b.exec('for i in 1; do false; done; echo $?; for i in 1 2; do [ $i = 2 ] && break; false; done; echo $?; for i in 1 2; do false; continue; done; echo $?')).toBe('1\n0\n0\n')
  })

  it('continuation lines with PS2', () => {
    const b = makeBoard()
    b.clearOutput()
    b.type('for i in a b\r')
    expect(b.output()).toBe('for i in a b\r\n> ')
    b.type('do echo $i\r')
    b.type('done\r')
    expect(b.output()).toContain('a\r\nb\r\n~ # ')
  })

  it('syntax errors', () => {
    const b = makeBoard()
    expect(b.exec('fi')).toBe('sh: syntax error: unexpected "fi"\n')
    expect(b.shell.lastStatus).toBe(2)
    expect(b.exec('echo a ;; echo b')).toBe('sh: syntax error: unexpected ";;"\n')
  })

  it('permission denied and scripts', () => {
    const b = makeBoard()
    b.exec('echo "echo from script \\$1" > /tmp/s.sh')
    expect(b.exec('/tmp/s.sh')).toBe('sh: /tmp/s.sh: Permission denied\n')
    expect(b.shell.lastStatus).toBe(126)
    b.exec('chmod +x /tmp/s.sh')
    expect(b.exec('/tmp/s.sh arg')).toBe('from script arg\n')
    expect(b.exec('sh /tmp/s.sh two')).toBe('from script two\n')
    expect(b.exec('sh -c "echo \\$0-ok"')).toBe('sh-ok\n')
    expect(b.exec('/tmp')).toBe('sh: /tmp: Permission denied\n')
    expect(b.exec('./nothere')).toBe('sh: ./nothere: not found\n')
    expect(b.shell.lastStatus).toBe(127)
  })

  it('errors inside a script name it and the line', () => {
    const b = makeBoard()
    b.exec("printf 'echo a\\nfoo\\ncd /nope\\n' > /tmp/e.sh; chmod +x /tmp/e.sh")
    expect(b.exec('sh /tmp/e.sh')).toBe("a\n/tmp/e.sh: line 2: foo: not found\n/tmp/e.sh: cd: line 3: can't cd to /nope: No such file or directory\n")
    expect(b.exec('cd /tmp; ./e.sh')).toBe("a\n./e.sh: line 2: foo: not found\n./e.sh: cd: line 3: can't cd to /nope: No such file or directory\n")
    b.exec("printf 'if true; then\\n  echo x\\nfi fi\\n' > /tmp/bad.sh")
    expect(b.exec('sh /tmp/bad.sh; echo $?')).toBe('/tmp/bad.sh: line 3: syntax error: unexpected "fi"\n2\n')
    expect(b.exec('sh -c "foo"')).toBe('sh: foo: not found\n')
  })

  it('cd, pwd and the prompt', () => {
    const b = makeBoard()
    b.clearOutput()
    b.type('cd /mnt\r')
    expect(b.output()).toBe('cd /mnt\r\n/mnt # ')
    expect(b.exec('pwd')).toBe('/mnt\n')
    expect(b.exec('cd /nope')).toBe("sh: cd: can't cd to /nope: No such file or directory\n")
    expect(b.exec('cd; pwd')).toBe('/root\n')
    expect(b.exec('cd /tmp; cd -')).toBe('/root\n')
    b.clearOutput()
    b.type("PS1='[$USER@\\h \\W]\\$ '\r")
    expect(b.output().endsWith('[root@(none) ~]# ')).toBe(true)
  })
})

describe('more language', () => {
  it('here-documents, also typed line by line', () => {
    const b = makeBoard()
    expect(b.exec('X=v; cat <<EOF\nval $X\nEOF')).toBe('> val $X\n> EOF\nval v\n')
    expect(b.exec("sh -c 'cat <<\"EOF\"\nval $X\nEOF'")).toBe("> val $X\n> EOF'\nval $X\n")
    b.clearOutput()
    b.type('cat <<END\r')
    expect(b.output()).toBe('cat <<END\r\n> ')
    b.type('line one\r')
    b.type('END\r')
    expect(b.output()).toContain('> line one\r\n> END\r\nline one\r\n~ # ')
  })

  it('set -e stops at a failing command but not in conditions', () => {
    const b = makeBoard()
    expect(b.exec('sh -c "set -e; false || echo cond; if false; then :; fi; echo before; false; echo after"; echo $?')).toBe('cond\nbefore\n1\n')
  })

  it('background jobs run beside the prompt, $!, jobs, wait and the Done report', () => {
    const b = makeBoard()
    const run = (line: string): string => {
      b.clearOutput()
      b.shell.input(line + '\r')
      for (let i = 0; i < 10; i++) if (b.shell.run(100).kind !== 'busy') break
      return b.output()
    }
    run('sleep 5 &')
    expect(b.shell.atPrompt()).toBe(true)
    expect(run('echo $!')).toMatch(/^echo \$!\r\n\d+\r\n~ # $/)
    expect(run('jobs')).toBe('jobs\r\n[1]+  Running                    sleep 5\r\n~ # ')
    const t0 = b.clock.now()
    expect(b.exec('wait; echo waited')).toBe('waited\n')
    expect(b.clock.now() - t0).toBeGreaterThan(4e9)
    run('(sleep 1; echo bg-out) &')
    const r = b.shell.run(100)
    expect(r.kind).toBe('timer')
    b.clock.advanceTo((r as { atNs: number }).atNs)
    b.clearOutput()
    b.shell.run(100)
    expect(b.output()).toBe('bg-out\r\n')
    b.clearOutput()
    b.type('\r')
    expect(b.output()).toBe('\r\n[1]+  Done                       (sleep 1; echo bg-out)\r\n~ # ')
  })
})

describe('runaway recursion', () => {
  it('stops functions and scripts that recurse forever with a message, not a fault', () => {
    const b = makeBoard()
    expect(b.exec('f() { f; }; f; echo $?')).toBe('sh: f: function nesting too deep\n2\n')
    b.exec('echo "/tmp/r.sh" > /tmp/r.sh; chmod +x /tmp/r.sh')
    expect(b.exec('/tmp/r.sh')).toBe("sh: can't fork: Resource temporarily unavailable\n")
    expect(b.faults).toEqual([])
  })
})

describe('getopts', () => {
  it('walks options, arguments and --', () => {
    const b = makeBoard()
    b.exec(`printf 'while getopts "ab:v" o; do case $o in a) echo A;; b) echo "B=$OPTARG";; v) echo V;; ?) echo BAD;; esac; done; shift $((OPTIND-1)); echo "rest: $*"\\n' > /tmp/g.sh`)
    expect(b.exec('sh /tmp/g.sh -a -b 7 -av -bX -- x y')).toBe('A\nB=7\nA\nV\nB=X\nrest: x y\n')
    expect(b.exec('sh /tmp/g.sh -z file')).toBe('Illegal option -z\nBAD\nrest: file\n')
    expect(b.exec('sh /tmp/g.sh -b')).toBe('No arg for -b option\nBAD\nrest: \n')
  })
})

describe('alias', () => {
  it('replaces a command word, chains, and does not loop', () => {
    const b = makeBoard()
    b.exec("alias ll='ls -l' ls='ls -1' e=echo")
    b.exec('mkdir /tmp/al; touch /tmp/al/x /tmp/al/y')
    expect(b.exec('ls /tmp/al | cat')).toBe('x\ny\n')
    expect(b.exec('ll /tmp/al | cut -c1-10')).toBe('total 0\n-rw-r--r--\n-rw-r--r--\n')
    expect(b.exec('e ll; echo e')).toBe('ll\ne\n')
    expect(b.exec('alias e; alias nope')).toBe("e='echo'\nalias: nope not found\n")
    // Aliases apply when a line is parsed: unalias takes effect from the next line.
    expect(b.exec('unalias e; e x')).toBe('x\n')
    expect(b.exec('e x')).toBe('sh: e: not found\n')
  })
})

describe('trap', () => {
  it('EXIT runs when a shell ends, with its status', () => {
    const b = makeBoard()
    expect(b.exec(`sh -c "trap 'echo bye' EXIT; echo hi"`)).toBe('hi\nbye\n')
    expect(b.exec(`sh -c "trap 'echo bye \\$?' EXIT; exit 3"; echo $?`)).toBe('bye 3\n3\n')
    expect(b.exec(`trap 'echo t' INT; trap; trap - INT; trap`)).toBe("trap -- 'echo t' INT\n")
    expect(b.exec('trap x BOGUS')).toBe('sh: trap: BOGUS: bad trap\n')
  })

  it('INT: an action after Ctrl-C, or ignored', () => {
    const b = makeBoard()
    b.exec(`trap 'echo caught' INT`)
    b.clearOutput()
    b.shell.input('sleep 100\r')
    b.shell.run(10)
    b.shell.input('\x03')
    b.shell.run(10)
    expect(b.output()).toBe('sleep 100\r\n^C\r\ncaught\r\n~ # ')
    b.exec(`trap '' INT`)
    b.shell.input('sleep 1\r')
    b.shell.run(10)
    b.shell.input('\x03')
    b.shell.run(10)
    expect(b.shell.atPrompt()).toBe(false)
    b.clock.advanceTo(b.clock.now() + 2e9)
    b.shell.run(10)
    expect(b.shell.atPrompt()).toBe(true)
    expect(b.shell.lastStatus).toBe(0)
  })

  it('the interactive shell runs its EXIT trap on exit', () => {
    const b = makeBoard()
    b.exec(`trap 'echo logging out' EXIT`)
    b.clearOutput()
    b.type('exit\r')
    expect(b.output()).toBe('exit\r\nlogging out\r\n\r\nPlease press Enter to activate this console. ')
  })
})

describe('kill', () => {
  it('signals background jobs and reports no such process', () => {
    const b = makeBoard()
    const run = (line: string): string => {
      b.clearOutput()
      b.shell.input(line + '\r')
      for (let i = 0; i < 10; i++) if (b.shell.run(100).kind !== 'busy') break
      return b.output().replace(/\r\n/g, '\n')
    }
    run('sleep 100 &')
    expect(run('kill %1')).toBe('kill %1\n~ # ')
    expect(run('')).toBe('\n[1]+  Terminated                 sleep 100\n~ # ')
    run('sleep 100 &')
    expect(run('kill -9 $!; wait $!; echo $?')).toBe('kill -9 $!; wait $!; echo $?\n137\n~ # ')
    expect(run('kill 4242')).toBe("kill 4242\nsh: can't kill pid 4242: No such process\n~ # ")
    expect(run('kill -l | head -n 2')).toBe('kill -l | head -n 2\n 1) HUP\n 2) INT\n~ # ')
  })
})

describe('running commands', () => {
  it('sleep uses the simulated clock and Ctrl-C interrupts it', () => {
    const b = makeBoard()
    b.shell.input('sleep 100\r')
    let r = b.shell.run(1000)
    expect(r.kind).toBe('timer')
    expect(b.shell.atPrompt()).toBe(false)
    b.clearOutput()
    b.shell.input('\x03')
    r = b.shell.run(1000)
    expect(b.output()).toBe('^C\r\n~ # ')
    expect(b.shell.lastStatus).toBe(130)
    expect(b.shell.atPrompt()).toBe(true)
  })

  it('sleep returns after its time', () => {
    const b = makeBoard()
    const t0 = b.clock.now()
    expect(b.exec('sleep 2; echo done')).toBe('done\n')
    expect(b.clock.now() - t0).toBe(2e9)
  })

  it('yes is interruptible and yes | head ends by SIGPIPE', () => {
    const b = makeBoard()
    expect(b.exec('yes | head -n 3')).toBe('y\ny\ny\n')
    expect(b.shell.lastStatus).toBe(0)
    b.shell.input('yes\r')
    for (let i = 0; i < 5; i++) expect(b.shell.run(10).kind).toBe('busy')
    b.shell.input('\x03')
    b.shell.run(10)
    expect(b.shell.atPrompt()).toBe(true)
    expect(b.shell.lastStatus).toBe(130)
  })

  it('a command reads typed lines from the terminal; Ctrl-D ends them', () => {
    const b = makeBoard()
    b.clearOutput()
    b.type('cat\r')
    b.type('hello\r')
    expect(b.output()).toBe('cat\r\nhello\r\nhello\r\n')
    b.type('\x04')
    expect(b.output().endsWith('~ # ')).toBe(true)
    expect(b.shell.lastStatus).toBe(0)
  })

  it('registerCommand adds a PATH entry and runs as a process', () => {
    const b = makeBoard()
    b.shell.registerCommand('insmod', function* (p) {
      p.stdout.write(`loading ${p.argv[1]} in ${p.cwd}\n`)
      yield { kind: 'yield' }
      return 3
    })
    b.shell.registerCommand('gcc', function* (p) {
      p.stdout.write(`gcc ${p.argv.slice(1).join(' ')}\n`)
      return 0
    })
    expect(b.exec('cd /tmp; insmod x.ko; echo $?')).toBe('loading x.ko in /tmp\n3\n')
    expect(b.exec('which insmod gcc')).toBe('/sbin/insmod\n/usr/bin/gcc\n')
    expect(b.exec('ls -l /sbin/insmod | cat')).toMatch(/^lrwxrwxrwx +1 root +root +12 .* \/sbin\/insmod -> \/bin\/busybox\n$/)
    expect(b.exec('gcc -o a a.c | cat')).toBe('gcc -o a a.c\n')
  })

  it('a command sees a pending signal before its next yield', () => {
    const b = makeBoard()
    const seen: number[] = []
    let after = false
    b.shell.registerCommand('oomself', function* (p) {
      // As if the OOM killer chose this task in the middle of its own allocation.
      b.shell.kill(p.pid, 9)
      seen.push(p.signalPending())
      yield { kind: 'yield' }
      after = true
      return 0
    })
    expect(b.exec('oomself')).toBe('Killed\n')
    expect(seen).toEqual([9])
    expect(after).toBe(false)
    expect(b.shell.lastStatus).toBe(137)
  })

  it('a command that throws becomes status 1 and a fault', () => {
    const b = makeBoard()
    b.shell.registerCommand('boom', function* () {
      throw new Error('kaboom')
    })
    expect(b.exec('boom; echo $?')).toBe('boom: internal error: kaboom\n1\n')
    expect(b.faults.length).toBe(1)
  })

  it('a child of a script has the script as its parent', () => {
    const b = makeBoard()
    const spawned: string[] = []
    let next = 200
    b.sys.tasks = {
      spawn: (comm, ppid) => {
        spawned.push(`${comm}<-${ppid}`)
        return next++
      },
      exit: () => {},
      setCurrent: () => {}
    }
    b.exec('echo "true" > /tmp/c.sh; chmod +x /tmp/c.sh')
    spawned.length = 0
    b.exec('/tmp/c.sh | cat')
    expect(spawned).toEqual(['c.sh<-70', 'cat<-70'])
    spawned.length = 0
    b.exec('echo "/bin/true" > /tmp/d.sh; sh /tmp/d.sh')
    expect(spawned).toEqual(['sh<-70', 'true<-203'])
  })

  it('tasks hooks see each command with its pid, and kill() ends it', () => {
    const b = makeBoard()
    const log: string[] = []
    let next = 100
    b.sys.tasks = {
      spawn: (comm) => {
        log.push(`spawn ${comm}`)
        return next++
      },
      exit: (pid, status) => log.push(`exit ${pid} ${status}`),
      setCurrent: () => {}
    }
    b.shell.input('sleep 50\r')
    b.shell.run(100)
    expect(b.shell.runningPids()).toEqual([100])
    expect(b.shell.kill(100, 9)).toBe(true)
    b.clearOutput()
    b.clock.advance(1)
    b.shell.run(100)
    b.clock.advanceTo(60e9)
    b.shell.run(100)
    expect(b.output()).toBe('Killed\r\n~ # ')
    expect(b.shell.lastStatus).toBe(137)
    expect(log).toEqual(['spawn sleep', 'exit 100 137'])
  })

  it('history and up-arrow recall', () => {
    const b = makeBoard()
    b.exec('echo one')
    b.exec('echo two')
    expect(b.exec('history')).toBe('   0 echo one\n   1 echo two\n   2 history\n')
    b.clearOutput()
    b.type('\x1b[A\x1b[A\r')
    expect(b.output()).toContain('two\r\n~ # ')
  })

  it('tab completion of commands and paths', () => {
    const b = makeBoard()
    b.exec('mkdir -p /tmp/lab/chapter_9; touch /tmp/lab/alloc_mm.c /tmp/lab/alloc_page.c')
    b.clearOutput()
    b.type('ech\t')
    expect(b.output()).toBe('echo ')
    b.type('/tmp/lab/ch\t')
    expect(b.output()).toBe('echo /tmp/lab/chapter_9/')
    b.type('\x15') // kill line
    b.clearOutput()
    b.type('cat /tmp/lab/al\t')
    expect(b.output()).toBe('cat /tmp/lab/alloc_')
    b.clearOutput()
    b.type('\t\t')
    expect(b.output()).toContain('alloc_mm.c    alloc_page.c')
    expect(b.output()).toContain('~ # cat /tmp/lab/alloc_')
    // After `cd ` only directories; listings show a directory with its '/'.
    b.type('\x15')
    b.clearOutput()
    b.type('cd /tmp/lab/\t')
    expect(b.output()).toBe('cd /tmp/lab/chapter_9/')
    b.type('\x15ls /tmp/lab/\t\t')
    expect(b.output()).toContain('alloc_mm.c    alloc_page.c  chapter_9/')
  })

  it('poweroff asks the machine and stops the shell', () => {
    const b = makeBoard()
    b.clearOutput()
    b.type('poweroff -f\r')
    expect(b.power).toEqual(['poweroff -f'])
    expect(b.shell.atPrompt()).toBe(false)
    b.type('echo still here\r')
    expect(b.output()).toBe('poweroff -f\r\n')
  })

  it('exit and Ctrl-D log out; Enter starts a new shell', () => {
    const b = makeBoard()
    b.clearOutput()
    b.type('exit 3\r')
    expect(b.output()).toBe('exit 3\r\n\r\nPlease press Enter to activate this console. ')
    b.type('\r')
    expect(b.output().endsWith('~ # ')).toBe(true)
    b.clearOutput()
    b.type('\x04')
    expect(b.output()).toContain('Please press Enter')
  })

  it('runs random command lines built from the grammar without a fault', () => {
    const word = fc.constantFrom('a', 'b c', '"x y"', "'q'", '$X', '${X:-d}', '$(echo s)', '*', '/tmp/*', '~', '-n', '-l', '1', '0', '/etc/passwd', '/nope', '..', '$?', '$((1+2))')
    const cmd = fc.constantFrom('echo', 'ls', 'cat', 'grep a', 'wc -l', 'sort', 'head -n 1', 'tail -n 1', 'test', '[', 'cd', 'pwd', 'true', 'false', 'printf %s', 'tr a b', 'cut -c1', 'uniq', 'seq 3', 'awk {print}', 'sed s/a/b/', 'expr 1 +', 'basename', 'dirname', 'X=1', 'export X', 'unset X', 'read V', 'mkdir -p /tmp/z', 'rm -rf /tmp/z', 'touch /tmp/t', 'stat', 'du -s', 'find /tmp', 'nosuch')
    const simple = fc.tuple(cmd, fc.array(word, { maxLength: 3 }), fc.constantFrom('', ' > /tmp/o', ' 2>&1', ' < /etc/hostname', ' >> /tmp/o', ' 2>/dev/null')).map(([c, a, r]) => `${c} ${a.join(' ')}${r}`)
    const pipeline = fc.array(simple, { minLength: 1, maxLength: 3 }).map((cs) => cs.join(' | '))
    const line = fc.tuple(pipeline, fc.constantFrom(';', '&&', '||'), pipeline, fc.constantFrom('', 'if true; then echo t; fi', 'for i in 1 2; do echo $i; done')).map(([a, op, b, c]) => `${a} ${op} ${b}${c ? '; ' + c : ''}`)
    fc.assert(
      fc.property(fc.array(line, { minLength: 1, maxLength: 4 }), (lines) => {
        const b = makeBoard()
        for (const l of lines) b.type(l + '\r', 2000)
        expect(b.faults.join('\n')).toBe('')
      }),
      { numRuns: 80 }
    )
  })

  it('never throws on random input', () => {
    fc.assert(
      fc.property(fc.array(fc.oneof(fc.string(), fc.constantFrom('\r', '\x03', '\x04', '\t', '\x1b[A', '\x1b[3~', '\x7f', '|', '$(', '"', "'", ';;', 'if ', 'fi', 'cat', 'yes', 'sleep 1', ' &', 'wait', 'jobs', '<<E'))), (chunks) => {
        const b = makeBoard()
        for (const c of chunks) {
          b.shell.input(c)
          for (let i = 0; i < 20; i++) {
            const r = b.shell.run(50)
            if (r.kind === 'timer') b.clock.advanceTo(r.atNs)
            else if (r.kind !== 'busy') break
          }
        }
        b.shell.input('\x03')
        b.shell.run(100)
        expect(b.faults.join('\n')).toBe('')
      }),
      { numRuns: 60 }
    )
  })
})
