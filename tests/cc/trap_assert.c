/* status: 134 -- assert() prints glibc's message and aborts (SIGABRT) */
#include <assert.h>
#include <stdio.h>
int main(void)
{
	int x = 3;
	assert(x == 3);
	assert(x > 5 && "x must be big");
	return 0;
}
