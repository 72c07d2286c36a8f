/* Print bench/cc.bench.ts results: npx tsx scripts/cc-bench.ts */
import bench from '../bench/cc.bench'

for (const r of await bench()) console.log(JSON.stringify(r))
