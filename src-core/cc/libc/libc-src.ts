/*
 * The user-space C library, in C, compiled by cc itself and linked with every
 * user program. It follows glibc where output can differ: rand() is glibc's
 * TYPE_3 additive generator (same sequence as on the board), qsort is a stable
 * merge sort (glibc 2.36's msort), assert() prints glibc's message.
 *
 * System calls and the hot memory/formatting routines are natives (see
 * natives.ts): write, read, sbrk, brk, _exit, memcpy, memset, memmove,
 * __kl_vformat (vsnprintf's engine) and the math functions.
 */

export const LIBC_SOURCE = String.raw`
#include <stddef.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <ctype.h>
#include <errno.h>
#include <unistd.h>
#include <limits.h>
#include <fcntl.h>

int __kl_vformat(char *buf, size_t size, const char *fmt, va_list ap);

int errno;
char *__progname = "a.out";
static FILE __kl_files[3] = { {0, 0, -1}, {1, 0, -1}, {2, 0, -1} };
FILE *stdin = &__kl_files[0];
FILE *stdout = &__kl_files[1];
FILE *stderr = &__kl_files[2];

/* ---- stdio ---- */

static int __kl_writeall(int fd, const char *p, size_t n)
{
	size_t done = 0;
	while (done < n) {
		int r = write(fd, p + done, n - done);
		if (r <= 0)
			return -1;
		done += r;
	}
	return (int)n;
}

int vsnprintf(char *buf, size_t size, const char *fmt, va_list ap)
{
	return __kl_vformat(buf, size, fmt, ap);
}

int vsprintf(char *buf, const char *fmt, va_list ap)
{
	return __kl_vformat(buf, 0x7fffffff, fmt, ap);
}

int vdprintf(int fd, const char *fmt, va_list ap)
{
	char small[256];
	va_list ap2;
	va_copy(ap2, ap);
	int n = __kl_vformat(small, sizeof small, fmt, ap);
	if (n < 0) {
		va_end(ap2);
		return n;
	}
	if ((size_t)n < sizeof small) {
		va_end(ap2);
		return __kl_writeall(fd, small, n);
	}
	char *big = malloc(n + 1);
	if (!big) {
		va_end(ap2);
		return -1;
	}
	__kl_vformat(big, n + 1, fmt, ap2);
	va_end(ap2);
	int r = __kl_writeall(fd, big, n);
	free(big);
	return r;
}

int vfprintf(FILE *f, const char *fmt, va_list ap)
{
	return vdprintf(f->_fd, fmt, ap);
}

int vprintf(const char *fmt, va_list ap)
{
	return vdprintf(1, fmt, ap);
}

int printf(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	int r = vdprintf(1, fmt, ap);
	va_end(ap);
	return r;
}

int fprintf(FILE *f, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	int r = vdprintf(f->_fd, fmt, ap);
	va_end(ap);
	return r;
}

int dprintf(int fd, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	int r = vdprintf(fd, fmt, ap);
	va_end(ap);
	return r;
}

int sprintf(char *buf, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	int r = __kl_vformat(buf, 0x7fffffff, fmt, ap);
	va_end(ap);
	return r;
}

int snprintf(char *buf, size_t size, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	int r = __kl_vformat(buf, size, fmt, ap);
	va_end(ap);
	return r;
}

int fputc(int c, FILE *f)
{
	unsigned char ch = (unsigned char)c;
	if (write(f->_fd, &ch, 1) != 1)
		return EOF;
	return ch;
}

int putc(int c, FILE *f)
{
	return fputc(c, f);
}

int putchar(int c)
{
	return fputc(c, stdout);
}

int fputs(const char *s, FILE *f)
{
	return __kl_writeall(f->_fd, s, strlen(s)) < 0 ? EOF : 1;
}

int puts(const char *s)
{
	size_t n = strlen(s);
	if (__kl_writeall(1, s, n) < 0)
		return EOF;
	if (write(1, "\n", 1) != 1)
		return EOF;
	return 1;
}

size_t fwrite(const void *p, size_t size, size_t nmemb, FILE *f)
{
	if (size == 0 || nmemb == 0)
		return 0;
	if (__kl_writeall(f->_fd, p, size * nmemb) < 0)
		return 0;
	return nmemb;
}

int fgetc(FILE *f)
{
	unsigned char c;
	if (f->_ungot >= 0) {
		int u = f->_ungot;
		f->_ungot = -1;
		return u;
	}
	if (read(f->_fd, &c, 1) != 1) {
		f->_flags |= 1;
		return EOF;
	}
	return c;
}

int getc(FILE *f)
{
	return fgetc(f);
}

int getchar(void)
{
	return fgetc(stdin);
}

int ungetc(int c, FILE *f)
{
	if (c == EOF)
		return EOF;
	f->_ungot = (unsigned char)c;
	f->_flags &= ~1;
	return c;
}

char *fgets(char *s, int size, FILE *f)
{
	int i = 0;
	if (size <= 0)
		return NULL;
	while (i < size - 1) {
		int c = fgetc(f);
		if (c == EOF)
			break;
		s[i++] = c;
		if (c == '\n')
			break;
	}
	if (i == 0)
		return NULL;
	s[i] = 0;
	return s;
}

ssize_t getline(char **lineptr, size_t *n, FILE *f)
{
	size_t len = 0;
	int c;
	if (!*lineptr || *n == 0) {
		*n = 120;
		*lineptr = malloc(*n);
		if (!*lineptr)
			return -1;
	}
	while ((c = fgetc(f)) != EOF) {
		if (len + 2 > *n) {
			char *q = realloc(*lineptr, *n * 2);
			if (!q)
				return -1;
			*lineptr = q;
			*n *= 2;
		}
		(*lineptr)[len++] = c;
		if (c == '\n')
			break;
	}
	if (len == 0)
		return -1;
	(*lineptr)[len] = 0;
	return (ssize_t)len;
}

size_t fread(void *p, size_t size, size_t nmemb, FILE *f)
{
	size_t total = size * nmemb, got = 0;
	char *d = p;
	while (got < total) {
		int c = fgetc(f);
		if (c == EOF)
			break;
		d[got++] = c;
	}
	return size ? got / size : 0;
}

int fflush(FILE *f)
{
	(void)f;
	return 0;
}

int setvbuf(FILE *f, char *buf, int mode, size_t size)
{
	(void)f; (void)buf; (void)mode; (void)size;
	return 0;
}

void setbuf(FILE *f, char *buf)
{
	(void)f; (void)buf;
}

int feof(FILE *f)
{
	return f->_flags & 1;
}

int ferror(FILE *f)
{
	(void)f;
	return 0;
}

void clearerr(FILE *f)
{
	f->_flags = 0;
}

int fileno(FILE *f)
{
	return f->_fd;
}

int __kl_open(const char *path, int flags);

int open(const char *path, int flags, ...)
{
	int fd = __kl_open(path, flags);
	if (fd < 0) {
		errno = -fd;
		return -1;
	}
	return fd;
}

FILE *fopen(const char *path, const char *mode)
{
	int flags = O_RDONLY;
	int fd;
	FILE *f;
	if (mode[0] == 'w')
		flags = O_WRONLY | O_CREAT | O_TRUNC;
	else if (mode[0] == 'a')
		flags = O_WRONLY | O_CREAT | O_APPEND;
	if (mode[1] == '+' || (mode[1] && mode[2] == '+'))
		flags = (flags & ~3) | O_RDWR;
	fd = open(path, flags);
	if (fd < 0)
		return NULL;
	f = malloc(sizeof(FILE));
	if (!f) {
		close(fd);
		errno = ENOMEM;
		return NULL;
	}
	f->_fd = fd;
	f->_flags = 0;
	f->_ungot = -1;
	return f;
}

int fclose(FILE *f)
{
	int r;
	if (!f || f->_fd <= 2)
		return 0;
	r = close(f->_fd);
	free(f);
	return r;
}

int __kl_ioctl(int fd, unsigned long req, unsigned long arg);

/* The third argument is taken whether or not the caller passed one, as glibc's syscall stub does. */
int ioctl(int fd, unsigned long req, ...)
{
	va_list ap;
	unsigned long arg;
	int r;
	va_start(ap, req);
	arg = va_arg(ap, unsigned long);
	va_end(ap);
	r = __kl_ioctl(fd, req, arg);
	if (r < 0 && r > -4096) {
		errno = -r;
		return -1;
	}
	return r;
}

void perror(const char *s)
{
	if (s && *s)
		fprintf(stderr, "%s: %s\n", s, strerror(errno));
	else
		fprintf(stderr, "%s\n", strerror(errno));
}

/* ---- scanf (the common subset: %d %i %u %x %ld %lld %lu %s %c %f %lf %[) ---- */

static int __kl_vscan(const char *s, const char *fmt, va_list ap, FILE *f);

int sscanf(const char *str, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	int r = __kl_vscan(str, fmt, ap, NULL);
	va_end(ap);
	return r;
}

int scanf(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	int r = __kl_vscan(NULL, fmt, ap, stdin);
	va_end(ap);
	return r;
}

int fscanf(FILE *f, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	int r = __kl_vscan(NULL, fmt, ap, f);
	va_end(ap);
	return r;
}

static int __kl_sc_get(const char **s, FILE *f)
{
	if (f)
		return fgetc(f);
	if (**s == 0)
		return EOF;
	return (unsigned char)*(*s)++;
}

static void __kl_sc_unget(int c, const char **s, FILE *f)
{
	if (c == EOF)
		return;
	if (f)
		ungetc(c, f);
	else
		(*s)--;
}

static int __kl_vscan(const char *s, const char *fmt, va_list ap, FILE *f)
{
	int assigned = 0, c;
	int any = 0;
	while (*fmt) {
		if (isspace((unsigned char)*fmt)) {
			while (isspace(c = __kl_sc_get(&s, f)))
				;
			__kl_sc_unget(c, &s, f);
			fmt++;
			continue;
		}
		if (*fmt != '%') {
			c = __kl_sc_get(&s, f);
			if (c != (unsigned char)*fmt) {
				__kl_sc_unget(c, &s, f);
				return (c == EOF && !any) ? EOF : assigned;
			}
			fmt++;
			continue;
		}
		fmt++;
		int suppress = 0, width = 0, lng = 0;
		if (*fmt == '*') { suppress = 1; fmt++; }
		while (isdigit((unsigned char)*fmt))
			width = width * 10 + (*fmt++ - '0');
		while (*fmt == 'l' || *fmt == 'h' || *fmt == 'z') {
			if (*fmt == 'l') lng++;
			fmt++;
		}
		char conv = *fmt++;
		if (conv == '%') {
			while (isspace(c = __kl_sc_get(&s, f)))
				;
			if (c != '%')
				return assigned;
			continue;
		}
		if (conv != 'c' && conv != '[') {
			while (isspace(c = __kl_sc_get(&s, f)))
				;
			__kl_sc_unget(c, &s, f);
		}
		if (width == 0)
			width = conv == 'c' ? 1 : INT_MAX;
		char buf[128];
		int n = 0;
		if (conv == 'd' || conv == 'i' || conv == 'u' || conv == 'x' || conv == 'o' || conv == 'f' || conv == 'g' || conv == 'e') {
			while (n < width && n < 127) {
				c = __kl_sc_get(&s, f);
				int ok;
				if (conv == 'f' || conv == 'g' || conv == 'e')
					ok = isdigit(c) || c == '.' || c == 'e' || c == 'E' || ((c == '-' || c == '+') && (n == 0 || buf[n-1] == 'e' || buf[n-1] == 'E'));
				else if (conv == 'x')
					ok = isxdigit(c) || ((c == '-' || c == '+') && n == 0) || ((c == 'x' || c == 'X') && n == 1 && buf[0] == '0');
				else if (conv == 'i')
					ok = isalnum(c) || ((c == '-' || c == '+') && n == 0);
				else
					ok = isdigit(c) || ((c == '-' || c == '+') && n == 0);
				if (!ok) {
					__kl_sc_unget(c, &s, f);
					break;
				}
				buf[n++] = c;
			}
			buf[n] = 0;
			if (n == 0 || (n == 1 && (buf[0] == '-' || buf[0] == '+')))
				return (c == EOF && !any) ? EOF : assigned;
			any = 1;
			if (suppress)
				continue;
			if (conv == 'f' || conv == 'g' || conv == 'e') {
				double d = strtod(buf, NULL);
				if (lng) *va_arg(ap, double *) = d;
				else *va_arg(ap, float *) = (float)d;
			} else {
				int base = conv == 'x' ? 16 : conv == 'o' ? 8 : conv == 'i' ? 0 : 10;
				if (lng >= 2) {
					long long v = strtoll(buf, NULL, base);
					*va_arg(ap, long long *) = v;
				} else {
					long v = (conv == 'u' || conv == 'x' || conv == 'o') ? (long)strtoul(buf, NULL, base) : strtol(buf, NULL, base);
					*va_arg(ap, long *) = v;
				}
			}
			assigned++;
		} else if (conv == 's') {
			char *out = suppress ? NULL : va_arg(ap, char *);
			while (n < width) {
				c = __kl_sc_get(&s, f);
				if (c == EOF || isspace(c)) {
					__kl_sc_unget(c, &s, f);
					break;
				}
				if (out) out[n] = c;
				n++;
			}
			if (n == 0)
				return (!any) ? EOF : assigned;
			any = 1;
			if (out) { out[n] = 0; assigned++; }
		} else if (conv == 'c') {
			char *out = suppress ? NULL : va_arg(ap, char *);
			while (n < width) {
				c = __kl_sc_get(&s, f);
				if (c == EOF)
					return (!any) ? EOF : assigned;
				if (out) out[n] = c;
				n++;
			}
			any = 1;
			if (out) assigned++;
		} else if (conv == '[') {
			int neg = 0;
			char set[256];
			memset(set, 0, sizeof set);
			if (*fmt == '^') { neg = 1; fmt++; }
			if (*fmt == ']') { set[']'] = 1; fmt++; }
			while (*fmt && *fmt != ']') {
				if (fmt[1] == '-' && fmt[2] && fmt[2] != ']') {
					for (int k = (unsigned char)fmt[0]; k <= (unsigned char)fmt[2]; k++) set[k] = 1;
					fmt += 3;
				} else set[(unsigned char)*fmt++] = 1;
			}
			if (*fmt == ']') fmt++;
			char *out = suppress ? NULL : va_arg(ap, char *);
			while (n < width) {
				c = __kl_sc_get(&s, f);
				if (c == EOF || (set[c] ? neg : !neg)) {
					__kl_sc_unget(c, &s, f);
					break;
				}
				if (out) out[n] = c;
				n++;
			}
			if (n == 0)
				return assigned;
			any = 1;
			if (out) { out[n] = 0; assigned++; }
		} else if (conv == 'n') {
			/* not tracked */
		} else {
			return assigned;
		}
	}
	return assigned;
}

/* ---- stdlib: the allocator ----
 * A first-fit allocator on sbrk, with 8-byte headers { size | used } and a
 * footer-free free list kept in address order so neighbours coalesce.
 */

struct __kl_blk {
	size_t size;            /* payload size, multiple of 8 */
	struct __kl_blk *next;  /* next free block (free blocks only) */
};

#define __KL_HDR 8
static struct __kl_blk *__kl_free;

void *malloc(size_t size)
{
	if (size == 0)
		size = 1;
	if (size > 0x7ffffff0)
		return NULL;
	size = (size + 7) & ~7u;
	struct __kl_blk **pp = &__kl_free, *b;
	for (b = __kl_free; b; pp = &b->next, b = b->next) {
		if (b->size >= size) {
			if (b->size >= size + __KL_HDR + 8) {
				struct __kl_blk *rest = (struct __kl_blk *)((char *)b + __KL_HDR + size);
				rest->size = b->size - size - __KL_HDR;
				rest->next = b->next;
				b->size = size;
				*pp = rest;
			} else {
				*pp = b->next;
			}
			b->next = NULL;
			return (char *)b + __KL_HDR;
		}
	}
	void *p = sbrk(0);
	size_t pad = (8 - ((size_t)p & 7)) & 7;
	char *m = sbrk(pad + __KL_HDR + size);
	if (m == (char *)-1) {
		errno = ENOMEM;
		return NULL;
	}
	b = (struct __kl_blk *)(m + pad);
	b->size = size;
	b->next = NULL;
	return (char *)b + __KL_HDR;
}

void free(void *ptr)
{
	if (!ptr)
		return;
	struct __kl_blk *b = (struct __kl_blk *)((char *)ptr - __KL_HDR);
	struct __kl_blk *prev = NULL, *cur = __kl_free;
	while (cur && cur < b) {
		prev = cur;
		cur = cur->next;
	}
	if (cur == b) {
		/* glibc 2.36 catches this in the tcache and says so before aborting. */
		static const char msg[] = "free(): double free detected in tcache 2\n";
		write(2, msg, sizeof msg - 1);
		abort();
	}
	b->next = cur;
	if (prev)
		prev->next = b;
	else
		__kl_free = b;
	if (cur && (char *)b + __KL_HDR + b->size == (char *)cur) {
		b->size += __KL_HDR + cur->size;
		b->next = cur->next;
	}
	if (prev && (char *)prev + __KL_HDR + prev->size == (char *)b) {
		prev->size += __KL_HDR + b->size;
		prev->next = b->next;
	}
}

void *calloc(size_t nmemb, size_t size)
{
	if (size && nmemb > 0xffffffffu / size)
		return NULL;
	void *p = malloc(nmemb * size);
	if (p)
		memset(p, 0, nmemb * size);
	return p;
}

void *realloc(void *ptr, size_t size)
{
	if (!ptr)
		return malloc(size);
	if (size == 0) {
		free(ptr);
		return NULL;
	}
	struct __kl_blk *b = (struct __kl_blk *)((char *)ptr - __KL_HDR);
	if (b->size >= size)
		return ptr;
	void *n = malloc(size);
	if (!n)
		return NULL;
	memcpy(n, ptr, b->size);
	free(ptr);
	return n;
}

size_t malloc_usable_size(void *ptr)
{
	if (!ptr)
		return 0;
	return ((struct __kl_blk *)((char *)ptr - __KL_HDR))->size;
}

int posix_memalign(void **memptr, size_t alignment, size_t size)
{
	char *p = malloc(size + alignment + 16);
	if (!p)
		return ENOMEM;
	*memptr = p; /* 8-aligned; larger alignments are rare in labs */
	if (alignment > 8)
		*memptr = (void *)(((size_t)p + alignment - 1) & ~(alignment - 1));
	return 0;
}

void *aligned_alloc(size_t alignment, size_t size)
{
	void *p;
	return posix_memalign(&p, alignment, size) ? NULL : p;
}

/* ---- stdlib: exit ---- */

static void (*__kl_atexit[32])(void);
static int __kl_natexit;

int atexit(void (*fn)(void))
{
	if (__kl_natexit >= 32)
		return -1;
	__kl_atexit[__kl_natexit++] = fn;
	return 0;
}

void exit(int status)
{
	while (__kl_natexit > 0)
		__kl_atexit[--__kl_natexit]();
	_exit(status);
}

void __assert_fail(const char *assertion, const char *file, unsigned int line, const char *function)
{
	fprintf(stderr, "%s: %s:%u: %s: Assertion ${'`'}%s' failed.\n", __progname, file, line, function, assertion);
	abort();
}

char **environ;

int __libc_start_main(int (*main)(int, char **, char **), int argc, char **argv)
{
	environ = argv + argc + 1;
	if (argc > 0 && argv[0]) {
		char *p = strrchr(argv[0], '/');
		__progname = p ? p + 1 : argv[0];
	}
	exit(main(argc, argv, argv + argc + 1));
	return 0;
}

/* ---- stdlib: numbers ---- */

int abs(int j) { return j < 0 ? -j : j; }
long labs(long j) { return j < 0 ? -j : j; }
long long llabs(long long j) { return j < 0 ? -j : j; }
div_t div(int n, int d) { div_t r; r.quot = n / d; r.rem = n % d; return r; }
ldiv_t ldiv(long n, long d) { ldiv_t r; r.quot = n / d; r.rem = n % d; return r; }

static int __kl_digit(int c)
{
	if (c >= '0' && c <= '9') return c - '0';
	if (c >= 'a' && c <= 'z') return c - 'a' + 10;
	if (c >= 'A' && c <= 'Z') return c - 'A' + 10;
	return 99;
}

unsigned long long __kl_strtoull(const char *nptr, char **endptr, int base, int *neg, int *overflow)
{
	const char *s = nptr;
	unsigned long long v = 0;
	int any = 0;
	*neg = 0;
	*overflow = 0;
	while (isspace((unsigned char)*s))
		s++;
	if (*s == '-') { *neg = 1; s++; }
	else if (*s == '+') s++;
	if ((base == 0 || base == 16) && s[0] == '0' && (s[1] == 'x' || s[1] == 'X') && __kl_digit(s[2]) < 16) {
		s += 2;
		base = 16;
	} else if (base == 0) {
		base = s[0] == '0' ? 8 : 10;
	}
	for (;; s++) {
		int d = __kl_digit((unsigned char)*s);
		if (d >= base)
			break;
		any = 1;
		if (v > (0xffffffffffffffffULL - d) / base)
			*overflow = 1;
		v = v * base + d;
	}
	if (endptr)
		*endptr = (char *)(any ? s : nptr);
	return v;
}

long long strtoll(const char *nptr, char **endptr, int base)
{
	int neg, of;
	unsigned long long v = __kl_strtoull(nptr, endptr, base, &neg, &of);
	if (of || (!neg && v > 0x7fffffffffffffffULL) || (neg && v > 0x8000000000000000ULL)) {
		errno = ERANGE;
		return neg ? (-0x7fffffffffffffffLL - 1) : 0x7fffffffffffffffLL;
	}
	return neg ? -(long long)v : (long long)v;
}

unsigned long long strtoull(const char *nptr, char **endptr, int base)
{
	int neg, of;
	unsigned long long v = __kl_strtoull(nptr, endptr, base, &neg, &of);
	if (of) {
		errno = ERANGE;
		return 0xffffffffffffffffULL;
	}
	return neg ? -v : v;
}

long strtol(const char *nptr, char **endptr, int base)
{
	int neg, of;
	unsigned long long v = __kl_strtoull(nptr, endptr, base, &neg, &of);
	if (of || (!neg && v > 0x7fffffffULL) || (neg && v > 0x80000000ULL)) {
		errno = ERANGE;
		return neg ? LONG_MIN : LONG_MAX;
	}
	return neg ? -(long)v : (long)v;
}

unsigned long strtoul(const char *nptr, char **endptr, int base)
{
	int neg, of;
	unsigned long long v = __kl_strtoull(nptr, endptr, base, &neg, &of);
	if (of || v > 0xffffffffULL) {
		errno = ERANGE;
		return ULONG_MAX;
	}
	return neg ? -(unsigned long)v : (unsigned long)v;
}

int atoi(const char *nptr) { return (int)strtol(nptr, NULL, 10); }
long atol(const char *nptr) { return strtol(nptr, NULL, 10); }
long long atoll(const char *nptr) { return strtoll(nptr, NULL, 10); }
double atof(const char *nptr) { return strtod(nptr, NULL); }
float strtof(const char *nptr, char **endptr) { return (float)strtod(nptr, endptr); }

/* ---- stdlib: rand (glibc random_r.c, TYPE_3: x**31 + x**3 + 1) ---- */

static int __kl_rtab[31];
static int __kl_rf = 3, __kl_rr = 0, __kl_rinit = 0;

static int __kl_random(void)
{
	unsigned int val = (unsigned int)__kl_rtab[__kl_rf] + (unsigned int)__kl_rtab[__kl_rr];
	__kl_rtab[__kl_rf] = (int)val;
	int result = (int)(val >> 1);
	if (++__kl_rf >= 31) {
		__kl_rf = 0;
		++__kl_rr;
	} else if (++__kl_rr >= 31) {
		__kl_rr = 0;
	}
	return result;
}

void srandom(unsigned int seed)
{
	int i;
	long word;
	if (seed == 0)
		seed = 1;
	__kl_rtab[0] = (int)seed;
	word = (int)seed;
	for (i = 1; i < 31; i++) {
		long hi = word / 127773;
		long lo = word % 127773;
		word = 16807 * lo - 2836 * hi;
		if (word < 0)
			word += 2147483647;
		__kl_rtab[i] = (int)word;
	}
	__kl_rf = 3;
	__kl_rr = 0;
	__kl_rinit = 1;
	for (i = 0; i < 310; i++)
		__kl_random();
}

void srand(unsigned int seed) { srandom(seed); }

long random(void)
{
	if (!__kl_rinit)
		srandom(1);
	return __kl_random();
}

int rand(void) { return (int)random(); }

int rand_r(unsigned int *seed)
{
	unsigned int next = *seed;
	int result;
	next *= 1103515245; next += 12345;
	result = (unsigned int)(next / 65536) % 2048;
	next *= 1103515245; next += 12345;
	result <<= 10; result ^= (unsigned int)(next / 65536) % 1024;
	next *= 1103515245; next += 12345;
	result <<= 10; result ^= (unsigned int)(next / 65536) % 1024;
	*seed = next;
	return result;
}

/* ---- stdlib: qsort (stable merge sort, as glibc's msort) ---- */

static void __kl_msort(char *b, size_t n, size_t s, int (*cmp)(const void *, const void *), char *t)
{
	if (n <= 1)
		return;
	size_t n1 = n / 2, n2 = n - n1;
	char *b1 = b, *b2 = b + n1 * s;
	__kl_msort(b1, n1, s, cmp, t);
	__kl_msort(b2, n2, s, cmp, t);
	char *tmp = t;
	while (n1 > 0 && n2 > 0) {
		if (cmp(b1, b2) <= 0) {
			memcpy(tmp, b1, s);
			b1 += s;
			n1--;
		} else {
			memcpy(tmp, b2, s);
			b2 += s;
			n2--;
		}
		tmp += s;
	}
	if (n1 > 0)
		memcpy(tmp, b1, n1 * s);
	memcpy(b, t, (n - n2) * s);
}

void qsort(void *base, size_t nmemb, size_t size, int (*compar)(const void *, const void *))
{
	if (nmemb <= 1 || size == 0)
		return;
	char *t = malloc(nmemb * size);
	if (!t)
		abort();
	__kl_msort(base, nmemb, size, compar, t);
	free(t);
}

void *bsearch(const void *key, const void *base, size_t nmemb, size_t size, int (*compar)(const void *, const void *))
{
	size_t lo = 0, hi = nmemb;
	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		const char *p = (const char *)base + mid * size;
		int c = compar(key, p);
		if (c < 0)
			hi = mid;
		else if (c > 0)
			lo = mid + 1;
		else
			return (void *)p;
	}
	return NULL;
}

char *getenv(const char *name)
{
	size_t n = strlen(name);
	char **e;
	if (!environ)
		return NULL;
	for (e = environ; *e; e++)
		if (strncmp(*e, name, n) == 0 && (*e)[n] == '=')
			return *e + n + 1;
	return NULL;
}

int system(const char *command)
{
	(void)command;
	return -1;
}

/* ---- string ---- */

size_t strlen(const char *s)
{
	const char *p = s;
	while (*p)
		p++;
	return p - s;
}

size_t strnlen(const char *s, size_t maxlen)
{
	size_t n = 0;
	while (n < maxlen && s[n])
		n++;
	return n;
}

char *strcpy(char *d, const char *s)
{
	char *r = d;
	while ((*d++ = *s++))
		;
	return r;
}

char *strncpy(char *d, const char *s, size_t n)
{
	size_t i = 0;
	for (; i < n && s[i]; i++)
		d[i] = s[i];
	for (; i < n; i++)
		d[i] = 0;
	return d;
}

size_t strlcpy(char *d, const char *s, size_t size)
{
	size_t n = strlen(s);
	if (size) {
		size_t c = n >= size ? size - 1 : n;
		memcpy(d, s, c);
		d[c] = 0;
	}
	return n;
}

char *strcat(char *d, const char *s)
{
	strcpy(d + strlen(d), s);
	return d;
}

char *strncat(char *d, const char *s, size_t n)
{
	char *p = d + strlen(d);
	size_t i = 0;
	for (; i < n && s[i]; i++)
		p[i] = s[i];
	p[i] = 0;
	return d;
}

int strcmp(const char *a, const char *b)
{
	const unsigned char *x = (const unsigned char *)a, *y = (const unsigned char *)b;
	while (*x && *x == *y) {
		x++;
		y++;
	}
	return *x - *y;
}

int strncmp(const char *a, const char *b, size_t n)
{
	const unsigned char *x = (const unsigned char *)a, *y = (const unsigned char *)b;
	for (; n > 0; n--, x++, y++) {
		if (*x != *y)
			return *x - *y;
		if (!*x)
			return 0;
	}
	return 0;
}

int strcoll(const char *a, const char *b) { return strcmp(a, b); }

int strcasecmp(const char *a, const char *b)
{
	const unsigned char *x = (const unsigned char *)a, *y = (const unsigned char *)b;
	while (*x && tolower(*x) == tolower(*y)) {
		x++;
		y++;
	}
	return tolower(*x) - tolower(*y);
}

int strncasecmp(const char *a, const char *b, size_t n)
{
	const unsigned char *x = (const unsigned char *)a, *y = (const unsigned char *)b;
	for (; n > 0; n--, x++, y++) {
		if (tolower(*x) != tolower(*y))
			return tolower(*x) - tolower(*y);
		if (!*x)
			return 0;
	}
	return 0;
}

char *strchr(const char *s, int c)
{
	for (;; s++) {
		if (*s == (char)c)
			return (char *)s;
		if (!*s)
			return NULL;
	}
}

char *strrchr(const char *s, int c)
{
	const char *r = NULL;
	for (;; s++) {
		if (*s == (char)c)
			r = s;
		if (!*s)
			return (char *)r;
	}
}

char *strstr(const char *h, const char *n)
{
	size_t ln = strlen(n);
	if (!ln)
		return (char *)h;
	for (; *h; h++)
		if (*h == *n && !strncmp(h, n, ln))
			return (char *)h;
	return NULL;
}

size_t strspn(const char *s, const char *accept)
{
	size_t n = 0;
	while (s[n] && strchr(accept, s[n]))
		n++;
	return n;
}

size_t strcspn(const char *s, const char *reject)
{
	size_t n = 0;
	while (s[n] && !strchr(reject, s[n]))
		n++;
	return n;
}

char *strpbrk(const char *s, const char *accept)
{
	s += strcspn(s, accept);
	return *s ? (char *)s : NULL;
}

char *strtok_r(char *str, const char *delim, char **save)
{
	char *s = str ? str : *save;
	if (!s)
		return NULL;
	s += strspn(s, delim);
	if (!*s) {
		*save = s;
		return NULL;
	}
	char *e = s + strcspn(s, delim);
	if (*e)
		*e++ = 0;
	*save = e;
	return s;
}

char *strtok(char *str, const char *delim)
{
	static char *save;
	return strtok_r(str, delim, &save);
}

char *strdup(const char *s)
{
	size_t n = strlen(s) + 1;
	char *d = malloc(n);
	if (d)
		memcpy(d, s, n);
	return d;
}

char *strndup(const char *s, size_t n)
{
	size_t l = strnlen(s, n);
	char *d = malloc(l + 1);
	if (d) {
		memcpy(d, s, l);
		d[l] = 0;
	}
	return d;
}

int memcmp(const void *a, const void *b, size_t n)
{
	const unsigned char *x = a, *y = b;
	for (; n > 0; n--, x++, y++)
		if (*x != *y)
			return *x - *y;
	return 0;
}

void *memchr(const void *s, int c, size_t n)
{
	const unsigned char *p = s;
	for (; n > 0; n--, p++)
		if (*p == (unsigned char)c)
			return (void *)p;
	return NULL;
}

void bzero(void *s, size_t n) { memset(s, 0, n); }

char *strsep(char **sp, const char *delim)
{
	char *s = *sp;
	if (!s)
		return NULL;
	char *e = s + strcspn(s, delim);
	if (*e)
		*e++ = 0;
	else
		e = NULL;
	*sp = e;
	return s;
}

void *memmem(const void *h, size_t hl, const void *n, size_t nl)
{
	const char *p = h;
	if (nl == 0)
		return (void *)h;
	for (; hl >= nl; hl--, p++)
		if (!memcmp(p, n, nl))
			return (void *)p;
	return NULL;
}

int ffs(int i) { return __builtin_ffs(i); }

static const char *__kl_errs[] = {
	"Success", "Operation not permitted", "No such file or directory", "No such process",
	"Interrupted system call", "Input/output error", "No such device or address", "Argument list too long",
	"Exec format error", "Bad file descriptor", "No child processes", "Resource temporarily unavailable",
	"Cannot allocate memory", "Permission denied", "Bad address", "Block device required",
	"Device or resource busy", "File exists", "Invalid cross-device link", "No such device",
	"Not a directory", "Is a directory", "Invalid argument", "Too many open files in system",
	"Too many open files", "Inappropriate ioctl for device", "Text file busy", "File too large",
	"No space left on device", "Illegal seek", "Read-only file system", "Too many links",
	"Broken pipe", "Numerical argument out of domain", "Numerical result out of range",
	"Resource deadlock avoided", "File name too long", "No locks available", "Function not implemented",
	"Directory not empty", "Too many levels of symbolic links"
};

char *strerror(int e)
{
	static char buf[32];
	if (e >= 0 && e < (int)(sizeof __kl_errs / sizeof __kl_errs[0]))
		return (char *)__kl_errs[e];
	/* the others a driver commonly returns (glibc's texts) */
	switch (e) {
	case 42: return "No message of desired type";
	case 43: return "Identifier removed";
	case 61: return "No data available";
	case 62: return "Timer expired";
	case 75: return "Value too large for defined data type";
	case 95: return "Operation not supported";
	case 110: return "Connection timed out";
	}
	snprintf(buf, sizeof buf, "Unknown error %d", e);
	return buf;
}

/* ---- ctype (C locale) ---- */

int isdigit(int c) { return c >= '0' && c <= '9'; }
int isupper(int c) { return c >= 'A' && c <= 'Z'; }
int islower(int c) { return c >= 'a' && c <= 'z'; }
int isalpha(int c) { return isupper(c) || islower(c); }
int isalnum(int c) { return isalpha(c) || isdigit(c); }
int isxdigit(int c) { return isdigit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'); }
int isspace(int c) { return c == ' ' || (c >= '\t' && c <= '\r'); }
int isblank(int c) { return c == ' ' || c == '\t'; }
int iscntrl(int c) { return (c >= 0 && c < 32) || c == 127; }
int isprint(int c) { return c >= 32 && c < 127; }
int isgraph(int c) { return c > 32 && c < 127; }
int ispunct(int c) { return isgraph(c) && !isalnum(c); }
int isascii(int c) { return c >= 0 && c < 128; }
int tolower(int c) { return isupper(c) ? c + 32 : c; }
int toupper(int c) { return islower(c) ? c - 32 : c; }

/* ---- unistd ---- */

long sysconf(int name) { return name == 30 ? 4096 : -1; }
int getpagesize(void) { return 4096; }
unsigned int sleep(unsigned int s) { usleep(s * 1000000u); return 0; }
`
