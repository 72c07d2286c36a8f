/*
 * The machine's kernel include tree, part 3: tasks and time (sched, delay,
 * jiffies, timer), locking (spinlock, mutex), and the interfaces modules
 * offer to user space (uaccess, fs, miscdevice, proc_fs, seq_file).
 */

import { LIBC_HEADERS } from '../cc/libc/headers'

export const MISC_HEADERS: Record<string, string> = {
  'linux/version.h': `#define LINUX_VERSION_CODE 393664
#define KERNEL_VERSION(a, b, c) (((a) << 16) + ((b) << 8) + ((c) > 255 ? 255 : (c)))
#define LINUX_VERSION_MAJOR 6
#define LINUX_VERSION_PATCHLEVEL 1
#define LINUX_VERSION_SUBLEVEL 192
`,
  'generated/utsrelease.h': `#define UTS_RELEASE "6.1.192"
`,
  'linux/sizes.h': `#include <asm/memory.h>
#define SZ_2K 0x00000800
#define SZ_8K 0x00002000
#define SZ_16K 0x00004000
#define SZ_32K 0x00008000
#define SZ_128K 0x00020000
#define SZ_256K 0x00040000
#define SZ_512K 0x00080000
#define SZ_2G 0x80000000
`,
  'linux/pfn.h': `#include <asm/memory.h>
`,
  'linux/log2.h': `#ifndef _LINUX_LOG2_H
#define _LINUX_LOG2_H
#include <linux/types.h>
static inline __attribute__((unused)) int __ilog2_u32(u32 n) { return 31 - __builtin_clz(n); }
#define ilog2(n) ((n) < 1 ? -1 : __ilog2_u32(n))
static inline __attribute__((unused)) bool is_power_of_2(unsigned long n) { return (n != 0 && ((n & (n - 1)) == 0)); }
static inline __attribute__((unused)) unsigned long __roundup_pow_of_two(unsigned long n) { return 1UL << (32 - __builtin_clz(n - 1)); }
static inline __attribute__((unused)) unsigned long __rounddown_pow_of_two(unsigned long n) { return 1UL << (31 - __builtin_clz(n)); }
#define roundup_pow_of_two(n) ((n) == 1 ? 1 : __roundup_pow_of_two(n))
#define rounddown_pow_of_two(n) __rounddown_pow_of_two(n)
#define order_base_2(n) ((n) > 1 ? ilog2((n) - 1) + 1 : 0)
#endif
`,
  'linux/bitops.h': `#ifndef _LINUX_BITOPS_H
#define _LINUX_BITOPS_H
#include <linux/types.h>
#define BITS_TO_LONGS(nr) (((nr) + 31) / 32)
#define DECLARE_BITMAP(name, bits) unsigned long name[BITS_TO_LONGS(bits)]
static inline __attribute__((unused)) void set_bit(int nr, volatile unsigned long *addr) { addr[nr / 32] |= 1UL << (nr % 32); }
static inline __attribute__((unused)) void clear_bit(int nr, volatile unsigned long *addr) { addr[nr / 32] &= ~(1UL << (nr % 32)); }
static inline __attribute__((unused)) int test_bit(int nr, const volatile unsigned long *addr) { return (addr[nr / 32] >> (nr % 32)) & 1; }
static inline __attribute__((unused)) int test_and_set_bit(int nr, volatile unsigned long *addr) { int old = test_bit(nr, addr); set_bit(nr, addr); return old; }
static inline __attribute__((unused)) int test_and_clear_bit(int nr, volatile unsigned long *addr) { int old = test_bit(nr, addr); clear_bit(nr, addr); return old; }
#define __set_bit set_bit
#define __clear_bit clear_bit
#define fls(x) ((x) ? 32 - __builtin_clz(x) : 0)
#define ffs(x) __builtin_ffs(x)
#define hweight32(x) __builtin_popcount(x)
#define hweight_long(x) __builtin_popcount(x)
#endif
`,
  'linux/random.h': `#ifndef _LINUX_RANDOM_H
#define _LINUX_RANDOM_H
#include <linux/types.h>
void get_random_bytes(void *buf, size_t len);
u32 get_random_u32(void);
#define prandom_u32() get_random_u32()
#define get_random_int() get_random_u32()
static inline __attribute__((unused)) u32 get_random_u32_below(u32 ceil) { return get_random_u32() % ceil; }
#endif
`,
  'linux/sched.h': `#ifndef _LINUX_SCHED_H
#define _LINUX_SCHED_H
#include <linux/types.h>
#include <linux/list.h>
#include <linux/mm_types.h>
#include <linux/jiffies.h>
#define TASK_COMM_LEN 16
#define TASK_RUNNING 0x0000
#define TASK_INTERRUPTIBLE 0x0001
#define TASK_UNINTERRUPTIBLE 0x0002
#define MAX_SCHEDULE_TIMEOUT LONG_MAX
struct task_struct {
	unsigned int __state;
	void *stack;
	int prio;
	struct list_head tasks;
	struct mm_struct *mm;
	struct mm_struct *active_mm;
	int exit_state;
	int exit_code;
	pid_t pid;
	pid_t tgid;
	struct task_struct *real_parent;
	struct task_struct *parent;
	unsigned long nvcsw, nivcsw;
	unsigned long min_flt, maj_flt;
	char comm[TASK_COMM_LEN];
};
struct task_struct *get_current(void);
#define current get_current()
extern struct task_struct init_task;
#define next_task(p) list_entry((p)->tasks.next, struct task_struct, tasks)
#define for_each_process(p) for (p = &init_task ; (p = next_task(p)) != &init_task ; )
static inline __attribute__((unused)) pid_t task_pid_nr(struct task_struct *tsk) { return tsk->pid; }
static inline __attribute__((unused)) pid_t task_tgid_nr(struct task_struct *tsk) { return tsk->tgid; }
void schedule(void);
long schedule_timeout(long timeout);
long schedule_timeout_interruptible(long timeout);
long schedule_timeout_uninterruptible(long timeout);
int signal_pending(struct task_struct *p);
int fatal_signal_pending(struct task_struct *p);
#define set_current_state(state) do { } while (0)
#define __set_current_state(state) do { } while (0)
#include <linux/preempt.h>
#define cond_resched() _cond_resched()
int _cond_resched(void);
char *get_task_comm(char *buf, struct task_struct *tsk);
#endif
`,
  'linux/sched/signal.h': `#include <linux/sched.h>
#include <linux/signal.h>
`,
  'linux/sched/mm.h': `#include <linux/sched.h>
`,
  'linux/sched/task.h': `#include <linux/sched.h>
`,
  'linux/signal.h': `#ifndef _LINUX_SIGNAL_H
#define _LINUX_SIGNAL_H
#define SIGKILL 9
#define SIGTERM 15
#endif
`,
  'linux/preempt.h': `#ifndef __LINUX_PREEMPT_H
#define __LINUX_PREEMPT_H
int in_interrupt(void);
int in_softirq(void);
int in_atomic(void);
#define in_irq() (0)
#define in_hardirq() (0)
#define in_nmi() (0)
#define in_task() (!in_interrupt())
void preempt_disable(void);
void preempt_enable(void);
#endif
`,
  'linux/hardirq.h': `#include <linux/preempt.h>
`,
  'linux/interrupt.h': `#include <linux/preempt.h>
#include <linux/kernel.h>
void local_irq_disable(void);
void local_irq_enable(void);
`,
  'linux/jiffies.h': `#ifndef _LINUX_JIFFIES_H
#define _LINUX_JIFFIES_H
#include <linux/types.h>
#define HZ 100
#define USER_HZ 100
#define MSEC_PER_SEC 1000L
#define USEC_PER_MSEC 1000L
#define NSEC_PER_USEC 1000L
#define NSEC_PER_MSEC 1000000L
#define USEC_PER_SEC 1000000L
#define NSEC_PER_SEC 1000000000L
extern volatile unsigned long jiffies;
extern u64 jiffies_64;
u64 get_jiffies_64(void);
#define time_after(a, b) ((long)((b) - (a)) < 0)
#define time_before(a, b) time_after(b, a)
#define time_after_eq(a, b) ((long)((a) - (b)) >= 0)
#define time_before_eq(a, b) time_after_eq(b, a)
#define time_in_range(a, b, c) (time_after_eq(a, b) && time_before_eq(a, c))
#define time_is_before_jiffies(a) time_after(jiffies, a)
#define time_is_after_jiffies(a) time_before(jiffies, a)
static inline __attribute__((unused)) unsigned int jiffies_to_msecs(const unsigned long j) { return (MSEC_PER_SEC / HZ) * j; }
static inline __attribute__((unused)) unsigned int jiffies_to_usecs(const unsigned long j) { return (USEC_PER_SEC / HZ) * j; }
static inline __attribute__((unused)) unsigned long msecs_to_jiffies(const unsigned int m) { return (m + (MSEC_PER_SEC / HZ) - 1) / (MSEC_PER_SEC / HZ); }
static inline __attribute__((unused)) unsigned long usecs_to_jiffies(const unsigned int u) { return (u + (USEC_PER_SEC / HZ) - 1) / (USEC_PER_SEC / HZ); }
#endif
`,
  'linux/delay.h': `#ifndef _LINUX_DELAY_H
#define _LINUX_DELAY_H
#include <linux/kernel.h>
void msleep(unsigned int msecs);
unsigned long msleep_interruptible(unsigned int msecs);
void usleep_range(unsigned long min, unsigned long max);
static inline __attribute__((unused)) void ssleep(unsigned int seconds) { msleep(seconds * 1000); }
void udelay(unsigned long usecs);
void ndelay(unsigned long nsecs);
void mdelay(unsigned long msecs);
#endif
`,
  'linux/ktime.h': `#ifndef _LINUX_KTIME_H
#define _LINUX_KTIME_H
#include <linux/types.h>
typedef s64 ktime_t;
ktime_t ktime_get(void);
u64 ktime_get_ns(void);
static inline __attribute__((unused)) s64 ktime_to_ns(const ktime_t kt) { return kt; }
static inline __attribute__((unused)) s64 ktime_to_us(const ktime_t kt) { return kt / 1000; }
static inline __attribute__((unused)) s64 ktime_to_ms(const ktime_t kt) { return kt / 1000000; }
#define ktime_sub(lhs, rhs) ((lhs) - (rhs))
#define ktime_add(lhs, rhs) ((lhs) + (rhs))
#endif
`,
  'linux/timer.h': `#ifndef _LINUX_TIMER_H
#define _LINUX_TIMER_H
#include <linux/list.h>
#include <linux/jiffies.h>
#include <linux/stddef.h>
#include <linux/preempt.h>
struct timer_list {
	struct hlist_node entry;
	unsigned long expires;
	void (*function)(struct timer_list *);
	u32 flags;
};
void timer_setup(struct timer_list *timer, void (*func)(struct timer_list *), unsigned int flags);
#define from_timer(var, callback_timer, timer_fieldname) container_of(callback_timer, typeof(*var), timer_fieldname)
#define DEFINE_TIMER(_name, _function) struct timer_list _name = { .function = (_function) }
void add_timer(struct timer_list *timer);
int mod_timer(struct timer_list *timer, unsigned long expires);
int del_timer(struct timer_list *timer);
int del_timer_sync(struct timer_list *timer);
int timer_pending(const struct timer_list *timer);
#endif
`,
  'linux/spinlock.h': `#ifndef __LINUX_SPINLOCK_H
#define __LINUX_SPINLOCK_H
#include <linux/types.h>
#include <linux/preempt.h>
typedef struct spinlock { volatile unsigned int locked; unsigned int magic; } spinlock_t;
typedef struct { volatile unsigned int lock; } rwlock_t;
#define __SPIN_LOCK_UNLOCKED(lockname) { 0, 0xdead4ead }
#define DEFINE_SPINLOCK(x) spinlock_t x = __SPIN_LOCK_UNLOCKED(x)
void spin_lock_init(spinlock_t *lock);
void spin_lock(spinlock_t *lock);
void spin_unlock(spinlock_t *lock);
int spin_trylock(spinlock_t *lock);
void spin_lock_bh(spinlock_t *lock);
void spin_unlock_bh(spinlock_t *lock);
void spin_lock_irq(spinlock_t *lock);
void spin_unlock_irq(spinlock_t *lock);
unsigned long _spin_lock_irqsave(spinlock_t *lock);
void spin_unlock_irqrestore(spinlock_t *lock, unsigned long flags);
#define spin_lock_irqsave(lock, flags) do { flags = _spin_lock_irqsave(lock); } while (0)
int spin_is_locked(spinlock_t *lock);
void local_irq_disable(void);
void local_irq_enable(void);
#endif
`,
  'linux/mutex.h': `#ifndef __LINUX_MUTEX_H
#define __LINUX_MUTEX_H
#include <linux/types.h>
struct mutex { atomic_long_t owner; unsigned int magic; };
#define __MUTEX_INITIALIZER(lockname) { { 0 }, 0 }
#define DEFINE_MUTEX(mutexname) struct mutex mutexname = __MUTEX_INITIALIZER(mutexname)
void mutex_init(struct mutex *lock);
void mutex_lock(struct mutex *lock);
int mutex_lock_interruptible(struct mutex *lock);
int mutex_trylock(struct mutex *lock);
void mutex_unlock(struct mutex *lock);
int mutex_is_locked(struct mutex *lock);
#endif
`,
  'linux/atomic.h': `#ifndef _LINUX_ATOMIC_H
#define _LINUX_ATOMIC_H
#include <linux/types.h>
#define ATOMIC_INIT(i) { (i) }
#define atomic_read(v) READ_ONCE((v)->counter)
#define atomic_set(v, i) WRITE_ONCE(((v)->counter), (i))
static inline __attribute__((unused)) void atomic_add(int i, atomic_t *v) { v->counter += i; }
static inline __attribute__((unused)) void atomic_sub(int i, atomic_t *v) { v->counter -= i; }
static inline __attribute__((unused)) void atomic_inc(atomic_t *v) { v->counter++; }
static inline __attribute__((unused)) void atomic_dec(atomic_t *v) { v->counter--; }
static inline __attribute__((unused)) int atomic_inc_return(atomic_t *v) { return ++v->counter; }
static inline __attribute__((unused)) int atomic_dec_return(atomic_t *v) { return --v->counter; }
static inline __attribute__((unused)) int atomic_dec_and_test(atomic_t *v) { return --v->counter == 0; }
#endif
`,
  'linux/uaccess.h': `#ifndef __LINUX_UACCESS_H__
#define __LINUX_UACCESS_H__
#include <linux/types.h>
#include <linux/sched.h>
unsigned long copy_to_user(void __user *to, const void *from, unsigned long n);
unsigned long copy_from_user(void *to, const void __user *from, unsigned long n);
int __get_user_4(unsigned int *dst, const void __user *src);
int __put_user_4(unsigned int v, void __user *dst);
#define get_user(x, ptr) ({ unsigned int __gu_v = 0; int __gu_e = __get_user_4(&__gu_v, (ptr)); (x) = (typeof(*(ptr)))__gu_v; __gu_e; })
#define put_user(x, ptr) __put_user_4((unsigned int)(x), (ptr))
long strncpy_from_user(char *dst, const char __user *src, long count);
#endif
`,
  'asm/uaccess.h': `#include <linux/uaccess.h>
`,
  'linux/fs.h': `#ifndef _LINUX_FS_H
#define _LINUX_FS_H
#include <linux/types.h>
#include <linux/ioctl.h>
#include <linux/list.h>
#include <linux/stat.h>
#include <linux/err.h>
#include <linux/kernel.h>
struct module;
struct inode { umode_t i_mode; unsigned long i_ino; dev_t i_rdev; loff_t i_size; void *i_private; };
struct file { unsigned int f_flags; fmode_t f_mode; loff_t f_pos; void *private_data; struct inode *f_inode; };
struct poll_table_struct;
struct vm_area_struct;
struct file_operations {
	struct module *owner;
	loff_t (*llseek)(struct file *, loff_t, int);
	ssize_t (*read)(struct file *, char __user *, size_t, loff_t *);
	ssize_t (*write)(struct file *, const char __user *, size_t, loff_t *);
	unsigned int (*poll)(struct file *, struct poll_table_struct *);
	long (*unlocked_ioctl)(struct file *, unsigned int, unsigned long);
	long (*compat_ioctl)(struct file *, unsigned int, unsigned long);
	int (*mmap)(struct file *, struct vm_area_struct *);
	int (*open)(struct inode *, struct file *);
	int (*flush)(struct file *, void *id);
	int (*release)(struct inode *, struct file *);
};
#define MINORBITS 20
#define MINORMASK ((1U << MINORBITS) - 1)
#define MAJOR(dev) ((unsigned int) ((dev) >> MINORBITS))
#define MINOR(dev) ((unsigned int) ((dev) & MINORMASK))
#define MKDEV(ma, mi) (((ma) << MINORBITS) | (mi))
int register_chrdev(unsigned int major, const char *name, const struct file_operations *fops);
void unregister_chrdev(unsigned int major, const char *name);
loff_t no_llseek(struct file *file, loff_t offset, int whence);
loff_t noop_llseek(struct file *file, loff_t offset, int whence);
loff_t default_llseek(struct file *file, loff_t offset, int whence);
#define FMODE_READ ((fmode_t)0x1)
#define FMODE_WRITE ((fmode_t)0x2)
#define FMODE_LSEEK ((fmode_t)0x4)
#define FMODE_PREAD ((fmode_t)0x8)
#define FMODE_PWRITE ((fmode_t)0x10)
#define O_ACCMODE 00000003
#define O_RDONLY 00000000
#define O_WRONLY 00000001
#define O_RDWR 00000002
#define O_NONBLOCK 00004000
#define O_APPEND 00002000
ssize_t simple_read_from_buffer(void __user *to, size_t count, loff_t *ppos, const void *from, size_t available);
ssize_t simple_write_to_buffer(void *to, size_t available, loff_t *ppos, const void __user *from, size_t count);
int nonseekable_open(struct inode *inode, struct file *filp);
#define SEEK_SET 0
#define SEEK_CUR 1
#define SEEK_END 2
#endif
`,
  'linux/ioctl.h': `#ifndef _LINUX_IOCTL_H
#define _LINUX_IOCTL_H
#include <asm/ioctl.h>
#endif
`,
  'asm/ioctl.h': `#include <asm-generic/ioctl.h>
`,
  'uapi/linux/ioctl.h': `#include <linux/ioctl.h>
`,
  // the uapi header user space and the kernel share (include/uapi/asm-generic/ioctl.h)
  'asm-generic/ioctl.h': LIBC_HEADERS['asm-generic/ioctl.h']!,
  'linux/miscdevice.h': `#ifndef _LINUX_MISCDEVICE_H
#define _LINUX_MISCDEVICE_H
#include <linux/fs.h>
#include <linux/list.h>
#include <linux/types.h>
#define MISC_DYNAMIC_MINOR 255
struct device;
struct miscdevice {
	int minor;
	const char *name;
	const struct file_operations *fops;
	struct list_head list;
	struct device *parent;
	struct device *this_device;
	const void *groups;
	const char *nodename;
	umode_t mode;
};
int misc_register(struct miscdevice *misc);
void misc_deregister(struct miscdevice *misc);
#endif
`,
  'linux/proc_fs.h': `#ifndef _LINUX_PROC_FS_H
#define _LINUX_PROC_FS_H
#include <linux/types.h>
#include <linux/fs.h>
struct proc_dir_entry;
struct seq_file;
struct proc_ops {
	unsigned int proc_flags;
	int (*proc_open)(struct inode *, struct file *);
	ssize_t (*proc_read)(struct file *, char __user *, size_t, loff_t *);
	ssize_t (*proc_write)(struct file *, const char __user *, size_t, loff_t *);
	loff_t (*proc_lseek)(struct file *, loff_t, int);
	int (*proc_release)(struct inode *, struct file *);
};
struct proc_dir_entry *proc_create(const char *name, umode_t mode, struct proc_dir_entry *parent, const struct proc_ops *proc_ops);
struct proc_dir_entry *proc_create_data(const char *name, umode_t mode, struct proc_dir_entry *parent, const struct proc_ops *proc_ops, void *data);
struct proc_dir_entry *proc_create_single_data(const char *name, umode_t mode, struct proc_dir_entry *parent, int (*show)(struct seq_file *, void *), void *data);
#define proc_create_single(name, mode, parent, show) proc_create_single_data(name, mode, parent, show, NULL)
struct proc_dir_entry *proc_mkdir(const char *name, struct proc_dir_entry *parent);
void proc_remove(struct proc_dir_entry *de);
void remove_proc_entry(const char *name, struct proc_dir_entry *parent);
void *pde_data(const struct inode *inode);
#endif
`,
  'linux/seq_file.h': `#ifndef _LINUX_SEQ_FILE_H
#define _LINUX_SEQ_FILE_H
#include <linux/types.h>
#include <linux/fs.h>
struct seq_operations;
struct seq_file {
	char *buf;
	size_t size;
	size_t from;
	size_t count;
	loff_t index;
	const struct seq_operations *op;
	void *private;
};
struct seq_operations {
	void *(*start)(struct seq_file *m, loff_t *pos);
	void (*stop)(struct seq_file *m, void *v);
	void *(*next)(struct seq_file *m, void *v, loff_t *pos);
	int (*show)(struct seq_file *m, void *v);
};
void seq_printf(struct seq_file *m, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void seq_puts(struct seq_file *m, const char *s);
void seq_putc(struct seq_file *m, char c);
int seq_open(struct file *file, const struct seq_operations *op);
ssize_t seq_read(struct file *file, char __user *buf, size_t size, loff_t *ppos);
loff_t seq_lseek(struct file *file, loff_t offset, int whence);
int seq_release(struct inode *inode, struct file *file);
int single_open(struct file *file, int (*show)(struct seq_file *, void *), void *data);
int single_release(struct inode *inode, struct file *file);
#endif
`
}
