/* printf format warnings as gcc 12 -Wall prints them (expected stderr made by arm-linux-gnueabihf-gcc) */
#include <stdio.h>
int main(void)
{
	long lx = 1;
	unsigned long long q = 2;
	size_t n = 0;
	printf("value=%5d and %llu\n", lx + 1, q);
	printf("%lu %d\n", sizeof(int) + lx, n);
	printf("%s|%x\n", n, lx);
	return 0;
}
