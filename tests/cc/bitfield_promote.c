/* Bit-fields narrower than int promote to int, also as the result of a comma
 * expression and as the operands of ?: (gcc's rules; a csmith program found it). */
#include <stdio.h>

struct S {
	unsigned f5 : 24;
	unsigned w32 : 32;
	unsigned long long g : 40;
	signed s3 : 3;
} s = { 5, 7, 9, -2 };

int main(void) {
	printf("%d %d\n", (-1L) >= ((void)0, s.f5), (-1L) >= s.f5);
	printf("%d %d\n", (-1) < (1 ? s.f5 : s.f5), (-1) < (0 ? s.f5 : 3u));
	printf("%d %d\n", (-1) < ((void)0, s.w32), (-1) < (1 ? s.w32 : s.w32));
	printf("%d %d\n", (-1) < ((void)0, s.g), (int)sizeof(((void)0, s.f5)));
	printf("%d %d\n", ((void)0, s.s3) < 0, (1 ? s.s3 : s.f5) < 0);
	s.f5 = 0;
	if ((-1L) >= ((void)0, s.f5)) puts("wrong: unsigned comparison");
	else puts("int comparison");
	return 0;
}
