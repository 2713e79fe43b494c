// The installed package's types (index.d.ts), checked by tsc --strict in the npm project of tests/dist/run.sh.
import { lyra, call, CpayError } from 'cpay';

const signature: string = lyra.sign({ vads_amount: '5124' }, 'key');
const output: unknown = call('lyra.trans_id', { counter: 7 });
const failure: CpayError | null = null;
console.log(signature, output, failure);
