#include "test.h"
#include <string.h>
#include <ctype.h>
#include <stdint.h>
#include <limits.h>
#include <errno.h>
static int cmp(const void *a, const void *b) { return *(const int *)a - *(const int *)b; }
struct kv { int k; int v; };
static int cmpkv(const void *a, const void *b) { return ((const struct kv *)a)->k - ((const struct kv *)b)->k; }
int main(void)
{
	/* rand(): glibc's TYPE_3 sequence */
	srand(1);
	ASSERT(1804289383, rand());
	ASSERT(846930886, rand());
	ASSERT(1681692777, rand());
	srand(42);
	ASSERT(71876166, rand());
	/* qsort is stable (glibc msort) */
	int a[] = { 5, 3, 9, 1, 5, 0, -2 };
	qsort(a, 7, sizeof a[0], cmp);
	ASSERT(-2, a[0]);
	ASSERT(9, a[6]);
	struct kv kv[] = { { 2, 0 }, { 1, 1 }, { 2, 2 }, { 1, 3 } };
	qsort(kv, 4, sizeof kv[0], cmpkv);
	ASSERT(1, kv[0].v);
	ASSERT(3, kv[1].v);
	ASSERT(0, kv[2].v);
	ASSERT(2, kv[3].v);
	int key = 5;
	ASSERT(1, *(int *)bsearch(&key, a, 7, sizeof a[0], cmp) == 5);
	/* strtol family */
	char *end;
	ASSERT(-123, strtol("  -123xyz", &end, 10));
	ASSERT('x', *end);
	ASSERT(255, strtol("0xff", NULL, 0));
	ASSERT(8, strtol("010", NULL, 0));
	ASSERT(LONG_MAX, strtol("99999999999", NULL, 10));
	ASSERT(ERANGE, errno);
	ASSERT(4294967295u, strtoul("4294967295", NULL, 10));
	ASSERT(42, atoi("42"));
	ASSERT(-7, atol("-7"));
	ASSERT(1, strtoll("9223372036854775807", NULL, 10) == LLONG_MAX);
	/* strings */
	char buf[64] = "hello";
	strcat(buf, ", world");
	ASSERT(12, strlen(buf));
	ASSERT(0, strcmp(buf, "hello, world"));
	ASSERT(1, strcmp("b", "a") > 0);
	ASSERT(1, strncmp("abcd", "abcz", 3) == 0);
	ASSERT(7, strchr(buf, 'w') - buf);
	ASSERT(10, strrchr(buf, 'l') - buf);
	ASSERT(7, strstr(buf, "world") - buf);
	char tok[] = "a,b;;c";
	char *t1 = strtok(tok, ",;"), *t2 = strtok(NULL, ",;"), *t3 = strtok(NULL, ",;");
	ASSERT(0, strcmp(t1, "a") | strcmp(t2, "b") | strcmp(t3, "c"));
	ASSERT(0, (long)strtok(NULL, ",;"));
	char *d = strdup("dup");
	ASSERT(0, strcmp(d, "dup"));
	free(d);
	ASSERT(0, strcmp(strerror(ENOMEM), "Cannot allocate memory"));
	memset(buf, 'x', 3);
	ASSERT('x', buf[2]);
	memmove(buf + 1, buf, 5);
	ASSERT(0, memcmp(buf, "xxxxl", 5));
	/* ctype */
	ASSERT(1, isdigit('7') && isalpha('q') && isspace('\t') && !isupper('a'));
	ASSERT('A', toupper('a'));
	/* malloc/realloc/calloc */
	int *p = malloc(100 * sizeof *p);
	for (int i = 0; i < 100; i++) p[i] = i;
	p = realloc(p, 1000 * sizeof *p);
	ASSERT(99, p[99]);
	int *z = calloc(10, sizeof *z);
	ASSERT(0, z[9]);
	free(p);
	free(z);
	ASSERT(1, ((uintptr_t)malloc(3) & 7) == 0);
	/* snprintf truncation */
	char sm[5];
	ASSERT(11, snprintf(sm, sizeof sm, "%s", "hello world"));
	ASSERT(0, strcmp(sm, "hell"));
	ASSERT(5, abs(-5));
	return done();
}
