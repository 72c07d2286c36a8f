/* status: 1 -- -Waddress as gcc 12 (expected stderr from arm-linux-gnueabihf-gcc -Wall -c; is_empty is undefined so the link fails) */
#include <stddef.h>
int is_empty(void);
int main(void)
{
	char buf[8];
	int x = 0;
	if (is_empty)
		x = 1;
	if (buf == NULL)
		x = 2;
	if (&x != NULL)
		x = 3;
	while (!buf)
		x = 4;
	return x;
}
