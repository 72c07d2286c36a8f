/* status: 7 -- exit() runs atexit handlers in reverse order, then ends with the status */
#include <stdio.h>
#include <stdlib.h>
static void a(void) { puts("handler a"); }
static void b(void) { puts("handler b"); }
int main(int argc, char **argv)
{
	atexit(a);
	atexit(b);
	printf("argc=%d argv0=%s\n", argc, argv[0]);
	exit(7);
}
