#include <stdio.h>
#include <limits.h>
int main(void) {
	int r; unsigned u; long long ll; unsigned char uc;
	printf("%d ", __builtin_add_overflow(INT_MAX, 1, &r)); printf("%d\n", r);
	printf("%d ", __builtin_sub_overflow(0u, 1u, &u)); printf("%u\n", u);
	printf("%d ", __builtin_mul_overflow(1LL << 40, 1LL << 30, &ll)); printf("%lld\n", ll);
	printf("%d ", __builtin_add_overflow(200, 100, &uc)); printf("%d\n", uc);
	printf("%d ", __builtin_smul_overflow(3, 4, &r)); printf("%d\n", r);
	printf("%d\n", __builtin_add_overflow(-1, 0u, &u));
	return 0;
}
