#include "test.h"
#include <math.h>
float half(float x) { return x / 2; }
double avg(double a, double b) { return (a + b) / 2; }
int main(void)
{
	double d = 3.75;
	ASSERT(3, (int)d);
	ASSERT(-3, (int)-d);
	float f = 0.1f;
	ASSERT(1, f != 0.1);
	ASSERT(1, f == 0.1f);
	ASSERT(1, (double)f == (double)0.1f);
	ASSERT(1, half(5.0f) == 2.5f);
	ASSERT(1, avg(1, 2) == 1.5);
	ASSERT(1, 1.0 / 3 * 3 == 1.0);
	ASSERT(5, (int)sqrt(25.0));
	ASSERT(8, (int)pow(2, 3));
	ASSERT(1, fabs(-1.5) == 1.5);
	ASSERT(2, (int)floor(2.7));
	ASSERT(3, (int)ceil(2.1));
	ASSERT(1, isnan(0.0 / 0.0));
	ASSERT(1, isinf(1.0 / 0.0));
	unsigned u = 4000000000u;
	double du = u;
	ASSERT(1, du == 4000000000.0);
	ASSERT(1, (unsigned)du == 4000000000u);
	ASSERT(0, (unsigned)-1.0);
	ASSERT(2147483647, (int)1e10);
	int i = 7;
	ASSERT(1, i / 2.0 == 3.5);
	float g = 16777216.0f;
	g += 1;
	ASSERT(1, g == 16777216.0f);
	double x = 0;
	for (int k = 0; k < 10; k++) x += 0.1;
	ASSERT(1, x != 1.0);
	ASSERT(1, x > 0.99 && x < 1.01);
	ASSERT(4, sizeof(float));
	ASSERT(8, sizeof(double));
	ASSERT(8, sizeof(long double));
	return done();
}
