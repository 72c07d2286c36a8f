/* more -Wformat cases as gcc 12 prints them (expected stderr made by arm-linux-gnueabihf-gcc -Wall) */
#include <stdio.h>
int main(void)
{
	int x = 1;
	unsigned char *u = (unsigned char *)"hi";
	signed char *sc = (signed char *)"hi";
	long l = 2;
	printf("%p %s %s %c %ld %d %u %x %hhd\n", &x, u, sc, l, x, l, -1, l, x);
	printf("%d %d\n", x);
	printf("%d\n", x, x);
	printf("%f %d\n", x, 1.5);
	return 0;
}
