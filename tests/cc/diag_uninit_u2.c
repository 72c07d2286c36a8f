/* status: 1 -- -Wuninitialized order and locations as gcc 12 -O0 (expected stderr made by arm-linux-gnueabihf-gcc -Wall -c; no main, so the link fails after) */
int ext(int);
int p(void);
int r(void) { int u; return ext(u); }
int q(void) { int u; return ext(u) + p(); }
int p(void) { int u; return ext(u); }
int s(void) { int u; return ext(u); }
