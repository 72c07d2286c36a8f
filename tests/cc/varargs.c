#include "test.h"
#include <stdarg.h>
#include <string.h>
int sum(int n, ...)
{
	va_list ap;
	va_start(ap, n);
	int s = 0;
	for (int i = 0; i < n; i++)
		s += va_arg(ap, int);
	va_end(ap);
	return s;
}
double dsum(int n, ...)
{
	va_list ap;
	va_start(ap, n);
	double s = 0;
	for (int i = 0; i < n; i++)
		s += va_arg(ap, double);
	va_end(ap);
	return s;
}
long long mixed(int a, ...)
{
	va_list ap;
	va_start(ap, a);
	long long x = va_arg(ap, long long);
	int y = va_arg(ap, int);
	double z = va_arg(ap, double);
	char *s = va_arg(ap, char *);
	va_end(ap);
	return a + x + y + (long long)z + strlen(s);
}
int fmt(char *buf, const char *f, ...)
{
	va_list ap;
	va_start(ap, f);
	int n = vsprintf(buf, f, ap);
	va_end(ap);
	return n;
}
int main(void)
{
	ASSERT(6, sum(3, 1, 2, 3));
	ASSERT(0, sum(0));
	ASSERT(55, sum(10, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10));
	ASSERT(6, (int)dsum(3, 1.0, 2.0, 3.0));
	ASSERT(1 + 10000000000LL + 3 + 4 + 5, mixed(1, 10000000000LL, 3, 4.5, "hello"));
	char buf[64];
	ASSERT(7, fmt(buf, "%d+%s=%c", 12, "ab", 'x'));
	ASSERT(0, strcmp(buf, "12+ab=x"));
	int (*fp)(int, ...) = sum;
	ASSERT(15, fp(5, 1, 2, 3, 4, 5));
	return done();
}
