/*
 * cc benchmarks: CPU-bound C run by cc (compile excluded, measured apart)
 * against the same program built with arm-linux-gnueabihf-gcc -O0 -static and
 * run under qemu-arm (the peer is skipped when the tools are absent).
 * ratio = cc time / qemu-arm time (below 1: cc is faster).
 * The "(resumable)" rows run the same program on the resumable code (what a
 * process on the machine runs, see cc/suspend.ts); their peer is the plain
 * code, so the ratio is the cost of being able to suspend.
 */
import { execFileSync } from 'node:child_process'
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { performance } from 'node:perf_hooks'
import { runUserProgram } from '../src-core/cc/index'

export const PROGRAMS: Record<string, string> = {
  sieve: String.raw`
#include <stdio.h>
#include <string.h>
static char flags[2000000];
int main(void) {
	int count = 0;
	for (int iter = 0; iter < 10; iter++) {
		memset(flags, 1, sizeof flags);
		count = 0;
		for (int i = 2; i < (int)sizeof flags; i++) {
			if (flags[i]) {
				count++;
				for (int k = i + i; k < (int)sizeof flags; k += i) flags[k] = 0;
			}
		}
	}
	printf("%d\n", count);
	return 0;
}`,
  intloop: String.raw`
#include <stdio.h>
#include <stdint.h>
int main(void) {
	uint32_t x = 12345, h = 0;
	int64_t acc = 0;
	for (int i = 0; i < 20000000; i++) {
		x ^= x << 13; x ^= x >> 17; x ^= x << 5;
		h = (h * 31 + (x & 0xff)) % 1000003;
		acc += (int32_t)x >> 7;
	}
	printf("%u %u %lld\n", x, h, (long long)acc);
	return 0;
}`,
  sort: String.raw`
#include <stdio.h>
#include <stdlib.h>
static int a[300000];
static void quick(int *v, int lo, int hi) {
	while (lo < hi) {
		int p = v[(lo + hi) / 2], i = lo, j = hi;
		while (i <= j) {
			while (v[i] < p) i++;
			while (v[j] > p) j--;
			if (i <= j) { int t = v[i]; v[i] = v[j]; v[j] = t; i++; j--; }
		}
		if (j - lo < hi - i) { quick(v, lo, j); lo = i; } else { quick(v, i, hi); hi = j; }
	}
}
static int cmp(const void *x, const void *y) { return *(const int *)x - *(const int *)y; }
int main(void) {
	srand(1);
	for (int r = 0; r < 3; r++) {
		for (int i = 0; i < 300000; i++) a[i] = rand() % 1000000;
		quick(a, 0, 299999);
	}
	for (int i = 0; i < 100000; i++) a[i] = rand() % 1000000;
	qsort(a, 100000, sizeof a[0], cmp);
	long long s = 0;
	for (int i = 0; i < 300000; i += 1000) s += a[i];
	printf("%lld\n", s);
	return 0;
}`,
  int64: String.raw`
#include <stdio.h>
#include <stdint.h>
int main(void) {
	uint64_t h = 1469598103934665603ULL;
	int64_t s = 0;
	for (int i = 0; i < 2000000; i++) {
		h ^= (uint64_t)i;
		h *= 1099511628211ULL;
		s += (int64_t)(h >> 40) - (int64_t)(h & 0xffff);
	}
	printf("%llu %lld\n", (unsigned long long)h, (long long)s);
	return 0;
}`,
  structs: String.raw`
#include <stdio.h>
#include <stdlib.h>
struct node { int key; double w; struct node *next; };
int main(void) {
	struct node *head = NULL;
	for (int i = 0; i < 200000; i++) {
		struct node *n = malloc(sizeof *n);
		n->key = i * 7 % 1013; n->w = i * 0.5; n->next = head; head = n;
	}
	double total = 0; long sum = 0;
	for (int r = 0; r < 20; r++)
		for (struct node *p = head; p; p = p->next) { sum += p->key; total += p->w; }
	printf("%ld %.1f\n", sum, total);
	return 0;
}`
}

function have(cmd: string): boolean {
  try {
    execFileSync('sh', ['-c', `command -v ${cmd}`], { stdio: 'ignore' })
    return true
  } catch {
    return false
  }
}

export default async function (): Promise<Array<{ name: string; value: number; unit: string; peer?: { name: string; value: number }; ratio?: number }>> {
  const out: Array<{ name: string; value: number; unit: string; peer?: { name: string; value: number }; ratio?: number }> = []
  const peerOk = have('arm-linux-gnueabihf-gcc') && have('qemu-arm')
  const dir = mkdtempSync(join(tmpdir(), 'cc-bench-'))
  for (const [name, src] of Object.entries(PROGRAMS)) {
    // Warm-up run (JIT, libc parse cache), then the measured run.
    runUserProgram(src, ['./' + name])
    const t0 = performance.now()
    const r = runUserProgram(src, ['./' + name])
    const ms = performance.now() - t0
    if (r.status !== 0) throw new Error(`cc bench ${name}: status ${r.status} ${r.stderr}`)
    let peer: { name: string; value: number } | undefined
    if (peerOk) {
      const c = join(dir, name + '.c')
      writeFileSync(c, src)
      execFileSync('arm-linux-gnueabihf-gcc', ['-O0', '-static', '-o', join(dir, name), c])
      const q0 = performance.now()
      const ref = execFileSync('qemu-arm', [join(dir, name)], { encoding: 'latin1' })
      const qms = performance.now() - q0
      if (ref !== r.stdout) throw new Error(`cc bench ${name}: output differs from qemu-arm: ${r.stdout} vs ${ref}`)
      peer = { name: 'qemu-arm (gcc -O0)', value: Math.round(qms) }
    }
    out.push({ name: `cc ${name}`, value: Math.round(ms), unit: 'ms', peer, ratio: peer ? Number((ms / peer.value).toFixed(2)) : undefined })
    runUserProgram(src, ['./' + name], { resumable: true })
    const r0 = performance.now()
    const rr = runUserProgram(src, ['./' + name], { resumable: true })
    const rms = performance.now() - r0
    if (rr.stdout !== r.stdout) throw new Error(`cc bench ${name}: resumable output differs: ${rr.stdout} vs ${r.stdout}`)
    out.push({ name: `cc ${name} (resumable)`, value: Math.round(rms), unit: 'ms', peer: { name: 'cc plain', value: Math.round(ms) }, ratio: Number((rms / ms).toFixed(2)) })
  }
  return out
}

