/* chibicc-style assertions for the cc conformance suite. */
#include <stdio.h>
#include <stdlib.h>
#define ASSERT(x, y) assert_eq((long long)(x), (long long)(y), #y, __LINE__)
static int assert_count;
static void assert_eq(long long expected, long long actual, const char *code, int line)
{
	assert_count++;
	if (expected != actual) {
		printf("%s:%d: %s => %lld expected but got %lld\n", __FILE__, line, code, expected, actual);
		exit(1);
	}
}
static int done(void)
{
	printf("OK %d\n", assert_count);
	return 0;
}
