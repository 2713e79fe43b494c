<?php
/** @var list<array<string, mixed>> $orders @var string $message */
$title = 'Commandes';
require __DIR__ . '/../layout_top.php';
?>
<?php if ($message !== ''): ?><p data-message><?= e($message) ?></p><?php endif ?>
<table>
<tr><th>Commande</th><th>Moyen</th><th>Montant</th><th>Statut</th><th>Remboursé</th><th>Créée</th><th></th><th></th></tr>
<?php foreach ($orders as $o): ?>
<tr data-order-id="<?= e($o['id']) ?>" data-status="<?= e($o['status']) ?>" data-gateway="<?= e($o['gateway']) ?>">
<td><?= e($o['id']) ?></td><td><?= e($o['way']) ?></td><td><?= e(euros((int) $o['amount'])) ?></td><td><?= e($o['status']) ?></td><td><?= e(euros(\CpayCetelem\Orders::refunded($o))) ?></td><td><?= e($o['created_at']) ?></td>
<td><form method="post" action="/admin/orders/<?= rawurlencode($o['id']) ?>/refund"><button type="submit" data-action="refund">Rembourser</button></form></td>
<td><form method="post" action="/admin/orders/<?= rawurlencode($o['id']) ?>/status"><button type="submit" data-action="status">Vérifier le statut</button></form></td>
</tr>
<?php endforeach ?>
</table>
<?php require __DIR__ . '/../layout_bottom.php';
