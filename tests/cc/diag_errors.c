/* status: 1 -- gcc 12's diagnostics for common student errors (expected stderr made by arm-linux-gnueabihf-gcc -Wall) */
#include <stdio.h>
#include <stdlib.h>

int add(int a, int b)
{
	return a + b;
}

int noret(int x)
{
	if (x)
		return 1;
}

int main(void)
{
	int x = y;
	int unused;
	long l = 5;
	char *p = &l;
	printf("%d\n", l);
	foo(3);
	add(1);
	int z = 3
	return 0;
}
