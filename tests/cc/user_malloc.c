/* A student-style first-fit allocator on sbrk that replaces libc's malloc/free/calloc */
#include <stdio.h>
#include <string.h>
#include <unistd.h>

typedef struct s_block *t_block;
struct s_block {
	size_t size;
	int free;
	t_block next;
	char data[1];
};
#define BLOCK_SIZE 12
#define align4(x) ((((x) - 1) >> 2 << 2) + 4)

static void *base = NULL;

static t_block find_block(t_block *last, size_t size)
{
	t_block b = base;
	while (b && !(b->free && b->size >= size)) {
		*last = b;
		b = b->next;
	}
	return b;
}

static t_block extend_heap(t_block last, size_t s)
{
	t_block b = sbrk(0);
	if (sbrk(BLOCK_SIZE + s) == (void *)-1)
		return NULL;
	b->size = s;
	b->next = NULL;
	if (last)
		last->next = b;
	b->free = 0;
	return b;
}

void *malloc(size_t size)
{
	t_block b, last;
	size_t s = align4(size);
	if (base) {
		last = base;
		b = find_block(&last, s);
		if (b)
			b->free = 0;
		else if (!(b = extend_heap(last, s)))
			return NULL;
	} else {
		if (!(b = extend_heap(NULL, s)))
			return NULL;
		base = b;
	}
	return b->data;
}

void free(void *p)
{
	if (p)
		((t_block)((char *)p - BLOCK_SIZE))->free = 1;
}

void *calloc(size_t n, size_t len)
{
	void *p = malloc(n * len);
	if (p)
		memset(p, 0, n * len);
	return p;
}

int main(void)
{
	void *start = sbrk(0);
	char *a = malloc(10);
	int *b = calloc(4, sizeof(int));
	strcpy(a, "first-fit");
	free(a);
	char *c = malloc(8);
	printf("%s reused=%d zero=%d heap grew by %ld\n", c == a ? "same block" : "new block", c == a, b[3],
	       (long)((char *)sbrk(0) - (char *)start));
	return 0;
}
