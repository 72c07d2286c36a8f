#include "test.h"
struct point { int x, y; };
struct rect { struct point a, b; };
struct s1 { char c; long long x; short s; };
struct s2 { char c; int i; char d; };
struct packed { char c; int i; } __attribute__((packed));
struct flex { int n; int data[]; };
union u { int i; char c[4]; float f; };
typedef struct node { int v; struct node *next; } node_t;
struct point mk(int x, int y) { struct point p = { x, y }; return p; }
int area(struct rect r) { return (r.b.x - r.a.x) * (r.b.y - r.a.y); }
struct big { int a[10]; };
struct big mkbig(void) { struct big b; for (int i = 0; i < 10; i++) b.a[i] = i; return b; }
int main(void)
{
	struct point p = { 1, 2 };
	ASSERT(3, p.x + p.y);
	struct point q = p;
	q.x = 10;
	ASSERT(1, p.x);
	ASSERT(10, q.x);
	struct rect r = { { 0, 0 }, { 3, 4 } };
	ASSERT(12, area(r));
	ASSERT(24, sizeof(struct s1));
	ASSERT(8, __builtin_offsetof(struct s1, x));
	ASSERT(16, __builtin_offsetof(struct s1, s));
	ASSERT(12, sizeof(struct s2));
	ASSERT(5, sizeof(struct packed));
	ASSERT(4, sizeof(struct flex));
	ASSERT(4, sizeof(union u));
	union u uu;
	uu.i = 0x01020304;
	ASSERT(4, uu.c[0]);
	ASSERT(1, uu.c[3]);
	node_t n2 = { 2, 0 }, n1 = { 1, &n2 };
	ASSERT(2, n1.next->v);
	node_t *np = &n1;
	ASSERT(3, np->v + np->next->v);
	struct point m = mk(5, 6);
	ASSERT(11, m.x + m.y);
	ASSERT(6, mk(3, 6).y);
	struct big b = mkbig();
	ASSERT(9, b.a[9]);
	ASSERT(45, ({ int s = 0; for (int i = 0; i < 10; i++) s += mkbig().a[i]; s; }));
	struct { int a; struct { int b, c; }; } anon = { 1, { 2, 3 } };
	ASSERT(3, anon.c);
	struct point arr[3] = { [1] = { .y = 5, .x = 4 } };
	ASSERT(9, arr[1].x + arr[1].y);
	ASSERT(0, arr[2].x);
	struct point *pp = &(struct point){ 7, 8 };
	ASSERT(8, pp->y);
	p = (struct point){ 20, 30 };
	ASSERT(50, p.x + p.y);
	return done();
}
