/* malformed printf formats as gcc 12 -Wall reports them (expected stderr from arm-linux-gnueabihf-gcc) */
#include <stdio.h>
int main(void)
{
	printf("50%\n");
	printf("%y %d\n", 1);
	printf("100%");
	return 0;
}
