'use strict';
// The shop's pages. Every value is escaped; the `data-*` attributes are the stable hooks the browser tests use.

const { WAYS, CART, BUYER } = require('./payments');

const esc = (value) => String(value ?? '').replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]);

/** Minor units as French euros: 124990 → "1 249,90 €". */
const euros = (cents) => `${(cents / 100).toLocaleString('fr-FR', { minimumFractionDigits: 2, maximumFractionDigits: 2 })} €`;

function page(title, body) {
  return `<!doctype html>
<html lang="fr">
<head><meta charset="utf-8"><title>${esc(title)} — Boutique Node (cpay)</title>
<style>body{font-family:sans-serif;max-width:60rem;margin:2rem auto}table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:.3rem .6rem}.way{margin:.6rem 0}</style>
</head>
<body>
<nav><a href="/">Boutique</a> · <a href="/admin/orders">Back office</a></nav>
<h1>${esc(title)}</h1>
${body}
</body>
</html>
`;
}

function checkout(amount, schedules) {
  const ways = Object.entries(WAYS).map(([way, w]) => {
    const s = schedules[way];
    let plan = '';
    if (s && s.instalments) {
      plan = `<ol class="schedule" data-schedule="${esc(way)}">${s.instalments
        .map((i) => `<li data-date="${esc(i.date)}" data-amount="${i.amount}">${esc(i.date)} : ${esc(euros(i.amount))}</li>`).join('')}</ol>`;
    } else if (s && s.error) {
      plan = `<p class="schedule-error" data-schedule="${esc(way)}">${esc(s.error)}</p>`;
    }
    return `<div class="way"><button type="submit" name="way" value="${esc(way)}" data-pay="${esc(way)}">${esc(w.label)}</button>${plan}</div>`;
  }).join('\n');
  return page('Votre panier', `
<table>
<tr><th>Article</th><th>Quantité</th><th>Prix</th></tr>
<tr><td data-item="${esc(CART.ref)}">${esc(CART.label)}</td><td>1</td><td data-amount="${amount}">${esc(euros(amount))}</td></tr>
</table>
<h2>Livraison</h2>
<p data-buyer>${esc(`${BUYER.first_name} ${BUYER.last_name}`)}<br>${esc(BUYER.street)}<br>${esc(`${BUYER.zip} ${BUYER.city}`)}</p>
<h2>Paiement</h2>
<form method="post" action="/checkout">
<input type="hidden" name="amount" value="${amount}">
${ways}
</form>`);
}

function returned(order) {
  if (!order) return page('Retour de paiement', '<p data-order-id="" data-order-status="unknown">Ce retour ne correspond à aucune commande vérifiée.</p>');
  return page('Retour de paiement', `
<p data-order-id="${esc(order.id)}" data-order-status="${esc(order.status)}">Commande ${esc(order.id)} : ${esc(order.status)}</p>
<p>${esc(euros(order.amount))} · ${esc(WAYS[order.way]?.label ?? order.way)}</p>
<p>Le statut affiché est celui enregistré par la boutique : seule la notification vérifiée de la passerelle le change.</p>`);
}

function admin(orders, message) {
  const rows = orders.map((o) => {
    const refunded = JSON.parse(o.refunds).reduce((sum, r) => sum + r.amount, 0);
    return `<tr data-order-id="${esc(o.id)}" data-status="${esc(o.status)}" data-gateway="${esc(o.gateway)}">
<td>${esc(o.id)}</td><td>${esc(o.way)}</td><td>${esc(euros(o.amount))}</td><td>${esc(o.status)}</td><td>${esc(euros(refunded))}</td><td>${esc(o.created_at)}</td>
<td><form method="post" action="/admin/orders/${encodeURIComponent(o.id)}/refund"><button type="submit" data-action="refund">Rembourser</button></form></td>
<td><form method="post" action="/admin/orders/${encodeURIComponent(o.id)}/status"><button type="submit" data-action="status">Vérifier le statut</button></form></td>
</tr>`;
  }).join('\n');
  return page('Commandes', `
${message ? `<p data-message>${esc(message)}</p>` : ''}
<table>
<tr><th>Commande</th><th>Moyen</th><th>Montant</th><th>Statut</th><th>Remboursé</th><th>Créée</th><th></th><th></th></tr>
${rows}
</table>`);
}

/** A page saying why the shop could not go on, `<p data-error="CODE">` (e.g. the field cpay refused). */
function failure(code, message) {
  return page('Paiement impossible', `<p data-error="${esc(code)}">${esc(message)}</p>`);
}

module.exports = { checkout, returned, admin, failure, esc };
