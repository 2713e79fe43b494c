// A checkout page in TypeScript: the Cetelem 3x schedule to show the buyer, and the signed Lyra form that
// sends them to the payment page. `npm run typecheck` checks it with `tsc --strict` against index.d.ts.
// Run it after `npx tsc` (or with any TypeScript runner): it prints the schedule and the form's HTML.
import { lyra, plan, CpayError, type LyraConfig, type LyraPaymentRequest } from '..';

const config: LyraConfig = { platform: 'sogecommerce', site_id: '12345678', mode: 'TEST', test_key: '1122334455667788' };

export function checkout(orderId: string, amount: number, counter: number): string {
  const schedule = plan.schedule('fullcb-3x', amount, '2026-01-31');
  for (const { date, amount: due } of schedule) console.log(`${date}: ${(due / 100).toFixed(2)} EUR`);
  const payment: LyraPaymentRequest = {
    amount,
    order_id: orderId,
    trans_id: Number(lyra.transId(counter)),
    trans_date: new Date().toISOString(),
  };
  try {
    const { form, html } = lyra.form(config, payment, { submit_label: 'Payer en 3 fois' });
    console.log(form.action, Object.keys(form.fields).length, 'fields');
    return html;
  } catch (error) {
    if (error instanceof CpayError) console.error(error.code, error.number, error.field ?? '', error.message);
    throw error;
  }
}
