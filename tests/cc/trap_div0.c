/* status: 136 -- integer division by zero raises SIGFPE (libgcc's __aeabi_idiv0 on Linux) */
#include <stdio.h>
int main(int argc, char **argv)
{
	int z = argc - 1;
	printf("before\n");
	printf("%d\n", 10 / z);
	return 0;
}
