#include "test.h"
#include <string.h>
#define ADD(a, b) ((a) + (b))
#define STR(x) #x
#define XSTR(x) STR(x)
#define CAT(a, b) a##b
#define N 10
#define EMPTY
#define VA(fmt, ...) snprintf(buf, sizeof buf, fmt, ##__VA_ARGS__)
#define COUNT(...) COUNT_(__VA_ARGS__, 5, 4, 3, 2, 1)
#define COUNT_(a, b, c, d, e, n, ...) n
#define F(x) (x + 1)
#define G F
#define SELF SELF
#define OPT(a, ...) a __VA_OPT__(+ __VA_ARGS__)
#if defined(N) && N > 5
int big = 1;
#elif N > 2
int big = 2;
#else
int big = 3;
#endif
#ifdef __arm__
int arm = 1;
#else
int arm = 0;
#endif
#ifndef UNDEFINED_THING
int undef_ok = 1;
#endif
#if __STDC_VERSION__ >= 201112L && __GNUC__ == 12
int c11 = 1;
#endif
#undef N
#define N 20
int main(void)
{
	char buf[64];
	int SELF = 3;
	ASSERT(7, ADD(3, 4));
	ASSERT(0, strcmp(STR(hello world), "hello world"));
	ASSERT(0, strcmp(XSTR(N), "20"));
	int xy = 5;
	ASSERT(5, CAT(x, y));
	ASSERT(20, N);
	ASSERT(1, big);
	ASSERT(1, arm);
	ASSERT(1, undef_ok);
	ASSERT(1, c11);
	VA("plain");
	ASSERT(0, strcmp(buf, "plain"));
	VA("%d-%d", 1, 2);
	ASSERT(0, strcmp(buf, "1-2"));
	ASSERT(3, COUNT(a, b, c));
	ASSERT(1, COUNT(a));
	ASSERT(6, G(5));
	ASSERT(3, SELF);
	ASSERT(3, OPT(3));
	ASSERT(7, OPT(3, 4));
	ASSERT(0, strcmp(__func__, "main"));
	ASSERT(61, __LINE__);
	ASSERT(0, strcmp(STR(a  "b\n"  'c'), "a \"b\\n\" 'c'"));
	ASSERT(0, __COUNTER__);
	ASSERT(1, __COUNTER__);
	ASSERT(1, EMPTY 1);
	ASSERT(4, sizeof(__SIZE_TYPE__));
	ASSERT(0, strcmp(strrchr(__FILE__, '/') ? strrchr(__FILE__, '/') + 1 : __FILE__, "macro.c"));
	return done();
}
