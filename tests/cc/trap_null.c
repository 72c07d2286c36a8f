/* status: 139 -- a NULL store faults (SIGSEGV); output before it is kept */
#include <stdio.h>
static int helper(int *p)
{
	*p = 42;
	return 1;
}
int main(void)
{
	int *p = NULL;
	printf("about to write\n");
	helper(p);
	printf("never\n");
	return 0;
}
