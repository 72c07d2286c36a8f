/*
 * bf_malloc.c - a best-fit memory allocator on sbrk() (task 4).
 *
 * The heap is a list of blocks in address order, each a header followed by
 * its payload:
 *
 *   heap_start                                                  sbrk(0)
 *   | hdr | payload ... | hdr | payload | hdr | payload ...... |
 *
 * bf_malloc(size)  walks the whole list and takes the SMALLEST free block
 *                  that is large enough (best fit), splitting off
 *                  what it does not need; if none fits, the heap grows with
 *                  sbrk().
 * bf_free(ptr)     marks the block free and merges it with free neighbours;
 *                  a free block at the end of the heap goes back to the
 *                  kernel with brk().
 * bf_calloc(n, l)  bf_malloc(n * l) filled with zeros.
 */
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include "bf_malloc.h"

typedef struct s_block *t_block;

struct s_block {
	size_t size;     /* payload bytes (a multiple of 8) */
	int free;        /* 1 if the block is free */
	t_block next;    /* next block in address order */
	t_block prev;    /* previous block */
	void *ptr;       /* the payload, to recognise valid pointers */
};

/* The header rounded up to 8 bytes, so payloads stay 8-byte aligned. */
#define BLOCK_SIZE ((sizeof(struct s_block) + 7) & ~(size_t)7)
#define align8(x) (((x) + 7) & ~(size_t)7)

int bf_verbose = 1;

static t_block base;          /* first block */
static void *heap_start;      /* sbrk(0) before the first block */
static size_t heap_peak;      /* the largest the heap has been */

static void *payload(t_block b)
{
	return (char *)b + BLOCK_SIZE;
}

t_block get_block(void *p)
{
	return (t_block)((char *)p - BLOCK_SIZE);
}

int valid_addr(void *p)
{
	if (!base || p == NULL)
		return 0;
	if ((char *)p < (char *)base + BLOCK_SIZE || p >= sbrk(0))
		return 0;
	return get_block(p)->ptr == p;
}

/* Best fit: the smallest free block with room for size bytes (the whole list is searched). */
static t_block find_block(t_block *last, size_t size)
{
	t_block b, best = NULL;

	for (b = base; b; b = b->next) {
		if (b->free && b->size >= size && (!best || b->size < best->size)) {
			best = b;
			if (b->size == size)
				break;          /* an exact fit cannot be beaten */
		}
		*last = b;
	}
	return best;
}

/* A new block at the end of the heap (sbrk). */
static t_block extend_heap(t_block last, size_t s)
{
	t_block b = sbrk(0);
	size_t heap;

	if (sbrk(BLOCK_SIZE + s) == (void *)-1)
		return NULL;
	b->size = s;
	b->free = 0;
	b->next = NULL;
	b->prev = last;
	b->ptr = payload(b);
	if (last)
		last->next = b;
	heap = (size_t)((char *)sbrk(0) - (char *)heap_start);
	if (heap > heap_peak)
		heap_peak = heap;
	return b;
}

/* Cut b down to s bytes; the rest becomes a free block after it. */
static void split_block(t_block b, size_t s)
{
	t_block n;

	if (b->size < s + BLOCK_SIZE + 8)
		return;                 /* the rest would be too small for a block */
	n = (t_block)((char *)payload(b) + s);
	n->size = b->size - s - BLOCK_SIZE;
	n->free = 1;
	n->next = b->next;
	n->prev = b;
	n->ptr = payload(n);
	if (n->next)
		n->next->prev = n;
	b->size = s;
	b->next = n;
}

/* Merge b with the free block after it. */
static t_block fusion(t_block b)
{
	if (b->next && b->next->free) {
		b->size += BLOCK_SIZE + b->next->size;
		b->next = b->next->next;
		if (b->next)
			b->next->prev = b;
	}
	return b;
}

void *bf_malloc(size_t size)
{
	t_block b, last = NULL;
	size_t s;

	if (size == 0)
		return NULL;
	s = align8(size);
	if (!base) {
		heap_start = sbrk(0);
		b = extend_heap(NULL, s);
		if (!b)
			goto fail;
		base = b;
		if (bf_verbose)
			printf("[best fit]  malloc(%5zu) = %p  heap grown by %zu\n", size, b->ptr, BLOCK_SIZE + s);
		return b->ptr;
	}
	b = find_block(&last, s);
	if (b) {
		size_t had = b->size;

		split_block(b, s);
		b->free = 0;
		if (bf_verbose)
			printf("[best fit]  malloc(%5zu) = %p  from a free block of %zu\n", size, b->ptr, had);
		return b->ptr;
	}
	b = extend_heap(last, s);
	if (!b)
		goto fail;
	if (bf_verbose)
		printf("[best fit]  malloc(%5zu) = %p  heap grown by %zu\n", size, b->ptr, BLOCK_SIZE + s);
	return b->ptr;
fail:
	if (bf_verbose)
		printf("[best fit]  malloc(%5zu) failed\n", size);
	return NULL;
}

void bf_free(void *p)
{
	t_block b;

	if (!valid_addr(p))
		return;
	b = get_block(p);
	if (bf_verbose)
		printf("[best fit]  free(%p)          %zu bytes\n", p, b->size);
	b->free = 1;
	if (b->prev && b->prev->free)
		b = fusion(b->prev);
	fusion(b);
	if (!b->next) {
		/* The last block: give it back to the kernel. */
		if (b->prev)
			b->prev->next = NULL;
		else
			base = NULL;
		brk(b);
	}
}

void *bf_calloc(size_t num, size_t len)
{
	size_t size = num * len;
	void *p;

	if (len && size / len != num)
		return NULL;            /* num * len overflows */
	p = bf_malloc(size);
	if (p)
		memset(p, 0, align8(size));
	return p;
}

void bf_dump(void)
{
	t_block b;

	printf("  heap %p..%p:", heap_start, sbrk(0));
	for (b = base; b; b = b->next)
		printf(" [%s %zu]", b->free ? "free" : "used", b->size);
	printf("\n");
}

void bf_stats(size_t *heap, size_t *peak, size_t *free_bytes, int *free_blocks, size_t *largest_free)
{
	t_block b;

	*heap = base ? (size_t)((char *)sbrk(0) - (char *)heap_start) : 0;
	*peak = heap_peak;
	*free_bytes = 0;
	*free_blocks = 0;
	*largest_free = 0;
	for (b = base; b; b = b->next) {
		if (!b->free)
			continue;
		*free_bytes += b->size;
		(*free_blocks)++;
		if (b->size > *largest_free)
			*largest_free = b->size;
	}
}
