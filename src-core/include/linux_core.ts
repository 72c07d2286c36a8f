/*
 * The machine's kernel include tree, part 1: the basics every module pulls
 * in (types, compiler attributes, printk, module/init/moduleparam, errno,
 * err, string, list, kernel.h helpers). Written for the simulator: the
 * macro names and values are Linux 6.1's for ARM (ILP32), the functions are
 * bound to src-core by the module loader (kernel/kapi).
 */

import { LIBC_HEADERS } from '../cc/libc/headers'

export const CORE_HEADERS: Record<string, string> = {
  'linux/compiler.h': `#ifndef _LINUX_COMPILER_H
#define _LINUX_COMPILER_H
#define __init __attribute__((section(".init.text"), cold))
#define __exit __attribute__((section(".exit.text")))
#define __initdata __attribute__((section(".init.data")))
#define __exitdata
#define __initconst
#define __devinit
#define __read_mostly
#define __ro_after_init
#define __user
#define __kernel
#define __iomem
#define __force
#define __must_check
#define __percpu
#define __rcu
#define __cold __attribute__((cold))
#define __always_inline inline
#define noinline __attribute__((noinline))
#define __maybe_unused __attribute__((unused))
#define __always_unused __attribute__((unused))
#define __used __attribute__((used))
#define __packed __attribute__((packed))
#define __aligned(x) __attribute__((aligned(x)))
#define __printf(a, b) __attribute__((format(printf, a, b)))
#define __noreturn __attribute__((noreturn))
#define __weak __attribute__((weak))
#define likely(x) __builtin_expect(!!(x), 1)
#define unlikely(x) __builtin_expect(!!(x), 0)
#define barrier() do { } while (0)
#define READ_ONCE(x) (*(volatile typeof(x) *)&(x))
#define WRITE_ONCE(x, val) do { *(volatile typeof(x) *)&(x) = (val); } while (0)
#define __stringify_1(x...) #x
#define __stringify(x...) __stringify_1(x)
#define ___PASTE(a, b) a##b
#define __PASTE(a, b) ___PASTE(a, b)
#define __UNIQUE_ID(prefix) __PASTE(__PASTE(__UNIQUE_ID_, prefix), __COUNTER__)
#define fallthrough do {} while (0)
#endif
`,
  'linux/stddef.h': `#ifndef _LINUX_STDDEF_H
#define _LINUX_STDDEF_H
#undef NULL
#define NULL ((void *)0)
enum { false = 0, true = 1 };
#define offsetof(TYPE, MEMBER) __builtin_offsetof(TYPE, MEMBER)
#define sizeof_field(TYPE, MEMBER) sizeof((((TYPE *)0)->MEMBER))
#endif
`,
  'linux/types.h': `#ifndef _LINUX_TYPES_H
#define _LINUX_TYPES_H
#include <linux/compiler.h>
#include <linux/stddef.h>
typedef signed char s8;
typedef unsigned char u8;
typedef signed short s16;
typedef unsigned short u16;
typedef signed int s32;
typedef unsigned int u32;
typedef signed long long s64;
typedef unsigned long long u64;
typedef s8 __s8;
typedef u8 __u8;
typedef s16 __s16;
typedef u16 __u16;
typedef s32 __s32;
typedef u32 __u32;
typedef s64 __s64;
typedef u64 __u64;
typedef _Bool bool;
typedef unsigned int size_t;
typedef int ssize_t;
typedef int ptrdiff_t;
typedef unsigned long uintptr_t;
typedef long intptr_t;
typedef long long loff_t;
typedef long off_t;
typedef int pid_t;
typedef unsigned int uid_t;
typedef unsigned int gid_t;
typedef unsigned short umode_t;
typedef unsigned int dev_t;
typedef long time64_t;
typedef unsigned int gfp_t;
typedef unsigned int slab_flags_t;
typedef unsigned int fmode_t;
typedef u32 phys_addr_t;
typedef u32 dma_addr_t;
typedef phys_addr_t resource_size_t;
typedef unsigned long pgoff_t;
typedef unsigned long sector_t;
typedef unsigned char u_char;
typedef unsigned short u_short;
typedef unsigned int u_int;
typedef unsigned long u_long;
typedef unsigned char unchar;
typedef unsigned short ushort;
typedef unsigned int uint;
typedef unsigned long ulong;
typedef s8 int8_t;
typedef u8 uint8_t;
typedef s16 int16_t;
typedef u16 uint16_t;
typedef s32 int32_t;
typedef u32 uint32_t;
typedef s64 int64_t;
typedef u64 uint64_t;
typedef struct { int counter; } atomic_t;
typedef struct { s64 counter; } atomic64_t;
typedef atomic_t atomic_long_t;
struct list_head { struct list_head *next, *prev; };
struct hlist_head { struct hlist_node *first; };
struct hlist_node { struct hlist_node *next, **pprev; };
struct callback_head { struct callback_head *next; void (*func)(struct callback_head *head); };
#define rcu_head callback_head
#endif
`,
  'linux/stdarg.h': `#ifndef _LINUX_STDARG_H
#define _LINUX_STDARG_H
typedef __builtin_va_list va_list;
#define va_start(v, l) __builtin_va_start(v, l)
#define va_end(v) __builtin_va_end(v)
#define va_arg(v, T) __builtin_va_arg(v, T)
#define va_copy(d, s) __builtin_va_copy(d, s)
#endif
`,
  'linux/errno.h': `#ifndef _LINUX_ERRNO_H
#define _LINUX_ERRNO_H
#include <asm-generic/errno-base.h>
#define EDEADLK 35
#define ENAMETOOLONG 36
#define ENOSYS 38
#define ENOTEMPTY 39
#define ENODATA 61
#define ETIME 62
#define EOVERFLOW 75
#define EOPNOTSUPP 95
#define ETIMEDOUT 110
#define EALREADY 114
#define EINPROGRESS 115
#define ERESTARTSYS 512
#define ENOIOCTLCMD 515
#define ENOTSUPP 524
#endif
`,
  // include/uapi/asm-generic/errno-base.h: the same text user space sees
  'asm-generic/errno-base.h': LIBC_HEADERS['asm-generic/errno-base.h']!,
  'asm-generic/errno.h': `#include <linux/errno.h>
`,
  'linux/err.h': `#ifndef _LINUX_ERR_H
#define _LINUX_ERR_H
#include <linux/compiler.h>
#include <linux/types.h>
#include <linux/errno.h>
#define MAX_ERRNO 4095
#define IS_ERR_VALUE(x) unlikely((unsigned long)(void *)(x) >= (unsigned long)-MAX_ERRNO)
static inline __attribute__((unused)) void *ERR_PTR(long error) { return (void *)error; }
static inline __attribute__((unused)) long PTR_ERR(const void *ptr) { return (long)ptr; }
static inline __attribute__((unused)) bool IS_ERR(const void *ptr) { return IS_ERR_VALUE((unsigned long)ptr); }
static inline __attribute__((unused)) bool IS_ERR_OR_NULL(const void *ptr) { return unlikely(!ptr) || IS_ERR_VALUE((unsigned long)ptr); }
static inline __attribute__((unused)) void *ERR_CAST(const void *ptr) { return (void *)ptr; }
static inline __attribute__((unused)) int PTR_ERR_OR_ZERO(const void *ptr) { if (IS_ERR(ptr)) return PTR_ERR(ptr); return 0; }
#endif
`,
  'linux/printk.h': `#ifndef __KERNEL_PRINTK__
#define __KERNEL_PRINTK__
#include <linux/stdarg.h>
#define KERN_SOH "\\001"
#define KERN_SOH_ASCII '\\001'
#define KERN_EMERG KERN_SOH "0"
#define KERN_ALERT KERN_SOH "1"
#define KERN_CRIT KERN_SOH "2"
#define KERN_ERR KERN_SOH "3"
#define KERN_WARNING KERN_SOH "4"
#define KERN_NOTICE KERN_SOH "5"
#define KERN_INFO KERN_SOH "6"
#define KERN_DEBUG KERN_SOH "7"
#define KERN_DEFAULT ""
#define KERN_CONT KERN_SOH "c"
#define LOGLEVEL_EMERG 0
#define LOGLEVEL_ALERT 1
#define LOGLEVEL_CRIT 2
#define LOGLEVEL_ERR 3
#define LOGLEVEL_WARNING 4
#define LOGLEVEL_NOTICE 5
#define LOGLEVEL_INFO 6
#define LOGLEVEL_DEBUG 7
int _printk(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
int vprintk(const char *fmt, va_list args);
#define printk(fmt, ...) _printk(fmt, ##__VA_ARGS__)
#ifndef pr_fmt
#define pr_fmt(fmt) fmt
#endif
#define pr_emerg(fmt, ...) printk(KERN_EMERG pr_fmt(fmt), ##__VA_ARGS__)
#define pr_alert(fmt, ...) printk(KERN_ALERT pr_fmt(fmt), ##__VA_ARGS__)
#define pr_crit(fmt, ...) printk(KERN_CRIT pr_fmt(fmt), ##__VA_ARGS__)
#define pr_err(fmt, ...) printk(KERN_ERR pr_fmt(fmt), ##__VA_ARGS__)
#define pr_warn(fmt, ...) printk(KERN_WARNING pr_fmt(fmt), ##__VA_ARGS__)
#define pr_warning pr_warn
#define pr_notice(fmt, ...) printk(KERN_NOTICE pr_fmt(fmt), ##__VA_ARGS__)
#define pr_info(fmt, ...) printk(KERN_INFO pr_fmt(fmt), ##__VA_ARGS__)
#define pr_cont(fmt, ...) printk(KERN_CONT fmt, ##__VA_ARGS__)
#define pr_devel(fmt, ...) do { if (0) printk(KERN_DEBUG pr_fmt(fmt), ##__VA_ARGS__); } while (0)
#define pr_debug(fmt, ...) do { if (0) printk(KERN_DEBUG pr_fmt(fmt), ##__VA_ARGS__); } while (0)
#define no_printk(fmt, ...) ({ if (0) printk(fmt, ##__VA_ARGS__); 0; })
#define printk_ratelimit() __printk_ratelimit(__func__)
int __printk_ratelimit(const char *func);
#define pr_info_once pr_info
#define pr_warn_once pr_warn
#define pr_err_once pr_err
#define pr_info_ratelimited pr_info
#define pr_err_ratelimited pr_err
#define pr_warn_ratelimited pr_warn
enum { DUMP_PREFIX_NONE, DUMP_PREFIX_ADDRESS, DUMP_PREFIX_OFFSET };
void print_hex_dump(const char *level, const char *prefix_str, int prefix_type, int rowsize, int groupsize, const void *buf, unsigned int len, bool ascii);
void dump_stack(void);
#endif
`,
  'linux/kern_levels.h': `#include <linux/printk.h>
`,
  'linux/kernel.h': `#ifndef _LINUX_KERNEL_H
#define _LINUX_KERNEL_H
#include <linux/stdarg.h>
#include <linux/compiler.h>
#include <linux/types.h>
#include <linux/printk.h>
#include <linux/err.h>
#include <linux/bug.h>
#include <linux/minmax.h>
#include <linux/container_of.h>
#include <linux/math.h>
#include <linux/string.h>
#define USHRT_MAX ((unsigned short)~0U)
#define SHRT_MAX ((short)(USHRT_MAX >> 1))
#define SHRT_MIN ((short)(-SHRT_MAX - 1))
#define INT_MAX ((int)(~0U >> 1))
#define INT_MIN (-INT_MAX - 1)
#define UINT_MAX (~0U)
#define LONG_MAX ((long)(~0UL >> 1))
#define LONG_MIN (-LONG_MAX - 1)
#define ULONG_MAX (~0UL)
#define LLONG_MAX ((long long)(~0ULL >> 1))
#define LLONG_MIN (-LLONG_MAX - 1)
#define ULLONG_MAX (~0ULL)
#define SIZE_MAX (~(size_t)0)
#define U8_MAX ((u8)~0U)
#define U16_MAX ((u16)~0U)
#define U32_MAX ((u32)~0U)
#define S32_MAX ((s32)(U32_MAX >> 1))
#define ARRAY_SIZE(arr) (sizeof(arr) / sizeof((arr)[0]))
#define ALIGN(x, a) (((x) + ((typeof(x))(a) - 1)) & ~((typeof(x))(a) - 1))
#define ALIGN_DOWN(x, a) ((x) & ~((typeof(x))(a) - 1))
#define PTR_ALIGN(p, a) ((typeof(p))ALIGN((unsigned long)(p), (a)))
#define IS_ALIGNED(x, a) (((x) & ((typeof(x))(a) - 1)) == 0)
#define BIT(nr) (1UL << (nr))
#define BIT_ULL(nr) (1ULL << (nr))
#define GENMASK(h, l) (((~0UL) - (1UL << (l)) + 1) & (~0UL >> (32 - 1 - (h))))
#define BITS_PER_LONG 32
#define BITS_PER_BYTE 8
#define upper_32_bits(n) ((u32)(((n) >> 16) >> 16))
#define lower_32_bits(n) ((u32)((n) & 0xffffffff))
#define swap(a, b) do { typeof(a) __tmp = (a); (a) = (b); (b) = __tmp; } while (0)
#define might_sleep() __might_sleep(__FILE__, __LINE__)
void __might_sleep(const char *file, int line);
#define cond_resched() _cond_resched()
int _cond_resched(void);
#define cpu_relax() __cpu_relax()
void __cpu_relax(void);
int sprintf(char *buf, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
int snprintf(char *buf, size_t size, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
int scnprintf(char *buf, size_t size, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
int vsnprintf(char *buf, size_t size, const char *fmt, va_list args);
int vscnprintf(char *buf, size_t size, const char *fmt, va_list args);
int sscanf(const char *buf, const char *fmt, ...);
char *kasprintf(gfp_t gfp, const char *fmt, ...);
int kstrtoint(const char *s, unsigned int base, int *res);
int kstrtouint(const char *s, unsigned int base, unsigned int *res);
int kstrtol(const char *s, unsigned int base, long *res);
int kstrtoul(const char *s, unsigned int base, unsigned long *res);
unsigned long simple_strtoul(const char *cp, char **endp, unsigned int base);
long simple_strtol(const char *cp, char **endp, unsigned int base);
void panic(const char *fmt, ...) __attribute__((noreturn));
extern int oops_in_progress;
#define TAINT_PROPRIETARY_MODULE 0
#define TAINT_OOT_MODULE 12
void add_taint(unsigned flag, int lockdep_ok);
#define LOCKDEP_STILL_OK 0
#define LOCKDEP_NOW_UNRELIABLE 1
#endif
`,
  'linux/math.h': `#ifndef _LINUX_MATH_H
#define _LINUX_MATH_H
#define DIV_ROUND_UP(n, d) (((n) + (d) - 1) / (d))
#define DIV_ROUND_CLOSEST(x, divisor) (((x) + ((divisor) / 2)) / (divisor))
#define roundup(x, y) ((((x) + ((y) - 1)) / (y)) * (y))
#define rounddown(x, y) ((x) - ((x) % (y)))
#define round_up(x, y) ((((x) - 1) | ((typeof(x))((y) - 1))) + 1)
#define round_down(x, y) ((x) & ~((typeof(x))((y) - 1)))
#define abs(x) ({ typeof(x) __x = (x); __x < 0 ? -__x : __x; })
#define do_div(n, base) ({ unsigned int __base = (base); unsigned int __rem; __rem = ((unsigned long long)(n)) % __base; (n) = ((unsigned long long)(n)) / __base; __rem; })
#endif
`,
  'linux/minmax.h': `#ifndef _LINUX_MINMAX_H
#define _LINUX_MINMAX_H
#define min(x, y) ({ typeof(x) __x = (x); typeof(y) __y = (y); __x < __y ? __x : __y; })
#define max(x, y) ({ typeof(x) __x = (x); typeof(y) __y = (y); __x > __y ? __x : __y; })
#define min3(x, y, z) min((typeof(x))min(x, y), z)
#define max3(x, y, z) max((typeof(x))max(x, y), z)
#define min_t(type, x, y) ({ type __x = (x); type __y = (y); __x < __y ? __x : __y; })
#define max_t(type, x, y) ({ type __x = (x); type __y = (y); __x > __y ? __x : __y; })
#define clamp(val, lo, hi) min((typeof(val))max(val, lo), hi)
#define clamp_t(type, val, lo, hi) min_t(type, max_t(type, val, lo), hi)
#define clamp_val(val, lo, hi) clamp_t(typeof(val), val, lo, hi)
#endif
`,
  'linux/container_of.h': `#ifndef _LINUX_CONTAINER_OF_H
#define _LINUX_CONTAINER_OF_H
#include <linux/stddef.h>
#define container_of(ptr, type, member) ({ void *__mptr = (void *)(ptr); ((type *)(__mptr - offsetof(type, member))); })
#endif
`,
  'linux/bug.h': `#ifndef _LINUX_BUG_H
#define _LINUX_BUG_H
void __bug(const char *file, int line) __attribute__((noreturn));
int __warn_on(int cond, const char *file, int line, int once, const char *fmt, ...);
#define BUG() __bug(__FILE__, __LINE__)
#define BUG_ON(condition) do { if (unlikely(condition)) BUG(); } while (0)
#define WARN_ON(condition) ({ int __ret_warn_on = !!(condition); if (unlikely(__ret_warn_on)) __warn_on(1, __FILE__, __LINE__, 0, 0); unlikely(__ret_warn_on); })
#define WARN_ON_ONCE(condition) ({ static bool __warned; int __ret_warn_once = !!(condition); if (unlikely(__ret_warn_once && !__warned)) { __warned = true; __warn_on(1, __FILE__, __LINE__, 1, 0); } unlikely(__ret_warn_once); })
#define WARN(condition, format...) ({ int __ret_warn_on = !!(condition); if (unlikely(__ret_warn_on)) __warn_on(1, __FILE__, __LINE__, 0, format); unlikely(__ret_warn_on); })
#define WARN_ONCE(condition, format...) ({ static bool __warned; int __ret_warn_once = !!(condition); if (unlikely(__ret_warn_once && !__warned)) { __warned = true; __warn_on(1, __FILE__, __LINE__, 1, format); } unlikely(__ret_warn_once); })
#define BUILD_BUG_ON(condition) ((void)sizeof(char[1 - 2*!!(condition)]))
#endif
`,
  'linux/init.h': `#ifndef _LINUX_INIT_H
#define _LINUX_INIT_H
#include <linux/compiler.h>
#include <linux/types.h>
typedef int (*initcall_t)(void);
typedef void (*exitcall_t)(void);
#define module_init(initfn) \\
	static initcall_t __kmemlab_initcall __attribute__((used, unused, section(".initcall"))) = initfn;
#define module_exit(exitfn) \\
	static exitcall_t __kmemlab_exitcall __attribute__((used, unused, section(".exitcall"))) = exitfn;
#define late_initcall(fn) module_init(fn)
#define device_initcall(fn) module_init(fn)
#define subsys_initcall(fn) module_init(fn)
#endif
`,
  'linux/moduleparam.h': `#ifndef _LINUX_MODULE_PARAMS_H
#define _LINUX_MODULE_PARAMS_H
#include <linux/init.h>
#include <linux/stringify.h>
#include <linux/kernel.h>
#define MODULE_PARAM_PREFIX KBUILD_MODNAME "."
#define __MODULE_INFO(tag, name, info) \\
	static const char __UNIQUE_ID(name)[] __used __attribute__((section(".modinfo"), unused, aligned(1))) = __stringify(tag) "=" info
#define __MODULE_PARM_TYPE(name, _type) __MODULE_INFO(parmtype, name##type, #name ":" _type)
#define MODULE_PARM_DESC(_parm, desc) __MODULE_INFO(parm, _parm, #_parm ":" desc)
struct kernel_param {
	const char *name;
	const char *type;
	void *arg;
	unsigned short perm;
	unsigned int *num;
	unsigned int max;
	unsigned int elemsize;
};
#define __module_param_call(name, _type, _arg, _perm, _num, _max, _esize) \\
	static const char __param_str_##name[] = MODULE_PARAM_PREFIX #name; \\
	static const struct kernel_param __param_##name __used __attribute__((unused, section("__param"))) = \\
		{ __param_str_##name, #_type, (void *)(_arg), (_perm), (_num), (_max), (_esize) }
#define module_param_named(name, value, type, perm) \\
	__module_param_call(name, type, &(value), perm, 0, 1, sizeof(value)); \\
	__MODULE_PARM_TYPE(name, #type)
#define module_param(name, type, perm) module_param_named(name, name, type, perm)
#define module_param_unsafe(name, type, perm) module_param(name, type, perm)
#define module_param_array_named(name, array, type, nump, perm) \\
	__module_param_call(name, type, array, perm, nump, ARRAY_SIZE(array), sizeof((array)[0])); \\
	__MODULE_PARM_TYPE(name, "array of " #type)
#define module_param_array(name, type, nump, perm) module_param_array_named(name, name, type, nump, perm)
#define module_param_string(name, string, len, perm) \\
	__module_param_call(name, string, string, perm, 0, len, 1); \\
	__MODULE_PARM_TYPE(name, "string")
#endif
`,
  'linux/stringify.h': `#ifndef __LINUX_STRINGIFY_H
#define __LINUX_STRINGIFY_H
#define __stringify_1(x...) #x
#define __stringify(x...) __stringify_1(x)
#endif
`,
  'linux/module.h': `#ifndef _LINUX_MODULE_H
#define _LINUX_MODULE_H
#include <linux/list.h>
#include <linux/stat.h>
#include <linux/compiler.h>
#include <linux/kernel.h>
#include <linux/init.h>
#include <linux/moduleparam.h>
#include <linux/export.h>
#define MODULE_NAME_LEN (64 - sizeof(unsigned long))
#define MODULE_INFO(tag, info) __MODULE_INFO(tag, tag, info)
#define MODULE_LICENSE(_license) MODULE_INFO(license, _license)
#define MODULE_AUTHOR(_author) MODULE_INFO(author, _author)
#define MODULE_DESCRIPTION(_description) MODULE_INFO(description, _description)
#define MODULE_VERSION(_version) MODULE_INFO(version, _version)
#define MODULE_ALIAS(_alias) MODULE_INFO(alias, _alias)
#define MODULE_SOFTDEP(_softdep) MODULE_INFO(softdep, _softdep)
#define MODULE_IMPORT_NS(ns) MODULE_INFO(import_ns, #ns)
#define MODULE_DEVICE_TABLE(type, name)
struct module;
extern struct module __this_module;
#define THIS_MODULE (&__this_module)
bool try_module_get(struct module *module);
void module_put(struct module *module);
#define __module_get(m) try_module_get(m)
#endif
`,
  'linux/export.h': `#ifndef _LINUX_EXPORT_H
#define _LINUX_EXPORT_H
/*
 * The export table entry of include/linux/export.h (no PREL32 relocations on
 * ARM): the value, the name and the namespace. The real macro puts
 * __ksymtab_SYM in section "___ksymtab" sec "+SYM"; here the _gpl of
 * EXPORT_SYMBOL_GPL goes into the entry's name (__ksymtab_gpl_SYM), which is
 * how the loader and modpost tell the two tables apart.
 */
struct kernel_symbol {
	unsigned long value;
	const char *name;
	const char *namespace;
};
#define __EXPORT_SYMBOL(sym, sec, ns) \\
	extern typeof(sym) sym; \\
	static const char __kstrtab_##sym[] __attribute__((used, unused)) = #sym; \\
	static const char __kstrtabns_##sym[] __attribute__((used, unused)) = ns; \\
	static const struct kernel_symbol __ksymtab##sec##_##sym __attribute__((used, unused, aligned(sizeof(void *)))) = { (unsigned long)&sym, __kstrtab_##sym, __kstrtabns_##sym }
#define EXPORT_SYMBOL(sym) __EXPORT_SYMBOL(sym, , "")
#define EXPORT_SYMBOL_GPL(sym) __EXPORT_SYMBOL(sym, _gpl, "")
#define EXPORT_SYMBOL_NS(sym, ns) __EXPORT_SYMBOL(sym, , #ns)
#define EXPORT_SYMBOL_NS_GPL(sym, ns) __EXPORT_SYMBOL(sym, _gpl, #ns)
#endif
`,
  'linux/stat.h': `#ifndef _LINUX_STAT_H
#define _LINUX_STAT_H
#define S_IRWXU 00700
#define S_IRUSR 00400
#define S_IWUSR 00200
#define S_IXUSR 00100
#define S_IRWXG 00070
#define S_IRGRP 00040
#define S_IWGRP 00020
#define S_IXGRP 00010
#define S_IRWXO 00007
#define S_IROTH 00004
#define S_IWOTH 00002
#define S_IXOTH 00001
#define S_IRUGO (S_IRUSR|S_IRGRP|S_IROTH)
#define S_IWUGO (S_IWUSR|S_IWGRP|S_IWOTH)
#define S_IXUGO (S_IXUSR|S_IXGRP|S_IXOTH)
#define S_IRWXUGO (S_IRWXU|S_IRWXG|S_IRWXO)
#endif
`,
  'linux/string.h': `#ifndef _LINUX_STRING_H_
#define _LINUX_STRING_H_
#include <linux/types.h>
void *memset(void *s, int c, size_t n);
void *memcpy(void *dst, const void *src, size_t n);
void *memmove(void *dst, const void *src, size_t n);
int memcmp(const void *a, const void *b, size_t n);
void *memchr(const void *s, int c, size_t n);
void *memscan(void *addr, int c, size_t size);
size_t strlen(const char *s);
size_t strnlen(const char *s, size_t n);
char *strcpy(char *d, const char *s);
char *strncpy(char *d, const char *s, size_t n);
size_t strlcpy(char *d, const char *s, size_t n);
ssize_t strscpy(char *d, const char *s, size_t n);
char *strcat(char *d, const char *s);
char *strncat(char *d, const char *s, size_t n);
size_t strlcat(char *d, const char *s, size_t n);
int strcmp(const char *a, const char *b);
int strncmp(const char *a, const char *b, size_t n);
int strcasecmp(const char *a, const char *b);
int strncasecmp(const char *a, const char *b, size_t n);
char *strchr(const char *s, int c);
char *strrchr(const char *s, int c);
char *strstr(const char *s, const char *needle);
char *strsep(char **s, const char *ct);
char *kstrdup(const char *s, gfp_t gfp);
char *kstrndup(const char *s, size_t max, gfp_t gfp);
void *kmemdup(const void *src, size_t len, gfp_t gfp);
char *strim(char *s);
#define strstrip strim
#endif
`,
  'linux/list.h': `#ifndef _LINUX_LIST_H
#define _LINUX_LIST_H
#include <linux/types.h>
#include <linux/stddef.h>
#include <linux/container_of.h>
#include <linux/poison.h>
#define LIST_HEAD_INIT(name) { &(name), &(name) }
#define LIST_HEAD(name) struct list_head name = LIST_HEAD_INIT(name)
static inline __attribute__((unused)) void INIT_LIST_HEAD(struct list_head *list) { list->next = list; list->prev = list; }
static inline __attribute__((unused)) void __list_add(struct list_head *new, struct list_head *prev, struct list_head *next)
{ next->prev = new; new->next = next; new->prev = prev; prev->next = new; }
static inline __attribute__((unused)) void list_add(struct list_head *new, struct list_head *head) { __list_add(new, head, head->next); }
static inline __attribute__((unused)) void list_add_tail(struct list_head *new, struct list_head *head) { __list_add(new, head->prev, head); }
static inline __attribute__((unused)) void __list_del(struct list_head *prev, struct list_head *next) { next->prev = prev; prev->next = next; }
static inline __attribute__((unused)) void __list_del_entry(struct list_head *entry) { __list_del(entry->prev, entry->next); }
static inline __attribute__((unused)) void list_del(struct list_head *entry)
{ __list_del_entry(entry); entry->next = LIST_POISON1; entry->prev = LIST_POISON2; }
static inline __attribute__((unused)) void list_del_init(struct list_head *entry) { __list_del_entry(entry); INIT_LIST_HEAD(entry); }
static inline __attribute__((unused)) void list_replace(struct list_head *old, struct list_head *new)
{ new->next = old->next; new->next->prev = new; new->prev = old->prev; new->prev->next = new; }
static inline __attribute__((unused)) void list_move(struct list_head *list, struct list_head *head) { __list_del_entry(list); list_add(list, head); }
static inline __attribute__((unused)) void list_move_tail(struct list_head *list, struct list_head *head) { __list_del_entry(list); list_add_tail(list, head); }
static inline __attribute__((unused)) int list_is_last(const struct list_head *list, const struct list_head *head) { return (const void *)list->next == (const void *)head; }
static inline __attribute__((unused)) int list_is_first(const struct list_head *list, const struct list_head *head) { return (const void *)list->prev == (const void *)head; }
static inline __attribute__((unused)) int list_empty(const struct list_head *head) { return (const void *)head->next == (const void *)head; }
static inline __attribute__((unused)) int list_is_singular(const struct list_head *head) { return !list_empty(head) && (head->next == head->prev); }
static inline __attribute__((unused)) size_t list_count_nodes(struct list_head *head) { struct list_head *p; size_t n = 0; for (p = head->next; p != head; p = p->next) n++; return n; }
#define list_entry(ptr, type, member) container_of(ptr, type, member)
#define list_first_entry(ptr, type, member) list_entry((ptr)->next, type, member)
#define list_last_entry(ptr, type, member) list_entry((ptr)->prev, type, member)
#define list_first_entry_or_null(ptr, type, member) ({ struct list_head *head__ = (ptr); struct list_head *pos__ = head__->next; pos__ != head__ ? list_entry(pos__, type, member) : NULL; })
#define list_next_entry(pos, member) list_entry((pos)->member.next, typeof(*(pos)), member)
#define list_prev_entry(pos, member) list_entry((pos)->member.prev, typeof(*(pos)), member)
#define list_for_each(pos, head) for (pos = (head)->next; pos != (head); pos = pos->next)
#define list_for_each_prev(pos, head) for (pos = (head)->prev; pos != (head); pos = pos->prev)
#define list_for_each_safe(pos, n, head) for (pos = (head)->next, n = pos->next; pos != (head); pos = n, n = pos->next)
#define list_entry_is_head(pos, head, member) (&pos->member == (head))
#define list_for_each_entry(pos, head, member) \\
	for (pos = list_first_entry(head, typeof(*pos), member); !list_entry_is_head(pos, head, member); pos = list_next_entry(pos, member))
#define list_for_each_entry_reverse(pos, head, member) \\
	for (pos = list_last_entry(head, typeof(*pos), member); !list_entry_is_head(pos, head, member); pos = list_prev_entry(pos, member))
#define list_for_each_entry_safe(pos, n, head, member) \\
	for (pos = list_first_entry(head, typeof(*pos), member), n = list_next_entry(pos, member); !list_entry_is_head(pos, head, member); pos = n, n = list_next_entry(n, member))
#endif
`,
  'linux/poison.h': `#ifndef _LINUX_POISON_H
#define _LINUX_POISON_H
#define POISON_POINTER_DELTA 0
#define LIST_POISON1 ((void *) 0x100 + POISON_POINTER_DELTA)
#define LIST_POISON2 ((void *) 0x122 + POISON_POINTER_DELTA)
#define POISON_INUSE 0x5a
#define POISON_FREE 0x6b
#define POISON_END 0xa5
#endif
`
}
