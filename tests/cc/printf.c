#include <stdio.h>
#include <stdint.h>
#include <limits.h>
int main(void)
{
	printf("[%d] [%5d] [%-5d] [%05d] [%+d] [% d] [%.3d]\n", 42, 42, 42, 42, 42, 42, 7);
	printf("[%u] [%x] [%X] [%#x] [%o] [%#o] [%08x]\n", 3000000000u, 0xbeef, 0xbeef, 255, 8, 8, 0xabc);
	printf("[%ld] [%lu] [%lld] [%llu] [%llx]\n", -5L, 4000000000UL, -9000000000LL, 18000000000000000000ULL, 0x123456789abcdefULL);
	printf("[%hd] [%hhd] [%hu] [%hhu]\n", 70000, 300, 70000, 300);
	printf("[%c] [%s] [%10s] [%-10s] [%.2s] [%*d] [%-*d] [%.*s]\n", 'A', "str", "right", "left", "trunc", 6, 1, 6, 2, 3, "abcdef");
	printf("[%f] [%.2f] [%10.3f] [%-10.1f] [%e] [%E] [%.0e] [%g] [%G]\n", 3.14159265, 2.5, -1.0 / 3, 9.99, 12345.678, 0.000123, 5e10, 0.0001, 1e20);
	printf("[%g] [%g] [%g] [%g] [%#g] [%.3g] [%.10g]\n", 100000.0, 1000000.0, 1e-5, 123.456, 1.5, 3.14159, 1.0 / 3);
	printf("[%.0f] [%.0f] [%.0f] [%.1f] [%.2f]\n", 0.5, 1.5, 2.5, 0.25, 1.005);
	printf("[%f] [%f] [%f]\n", 1.0 / 0.0, -1.0 / 0.0, 0.0 / 0.0 * 0);
	printf("[%p] [%p]\n", (void *)0, (void *)0x1234);
	printf("[%s]\n", (char *)0);
	printf("[%d%%] [%5%]\n", 50);
	printf("[%d] [%d]\n", INT_MIN, INT_MAX);
	printf("[%lld] [%llu]\n", LLONG_MIN, ULLONG_MAX);
	printf("[%a] [%A]\n", 1.0, 0.5);
	printf("[%lu] [%d %lld]\n", 5, 1, 2LL);
	char buf[32];
	int n = snprintf(buf, 8, "%s-%d", "abcdef", 12345);
	printf("[%s] %d\n", buf, n);
	n = sprintf(buf, "%05.1f|%x", 3.14159, 48879);
	printf("[%s] %d\n", buf, n);
	puts("puts line");
	fputs("fputs line\n", stdout);
	putchar('!');
	putchar('\n');
	fprintf(stdout, "%s %d\n", "fprintf", 1);
	printf("%s\n", "unicode: \xe4\xbd\xa0\xe5\xa5\xbd");
	return 0;
}
