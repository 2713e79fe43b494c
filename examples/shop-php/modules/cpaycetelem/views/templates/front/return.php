<?php
/** @var array<string, mixed>|null $order */
$title = 'Retour de paiement';
require __DIR__ . '/../layout_top.php';
?>
<?php if ($order === null): ?>
<p data-order-id="" data-order-status="unknown">Ce retour ne correspond à aucune commande vérifiée.</p>
<?php else: ?>
<p data-order-id="<?= e($order['id']) ?>" data-order-status="<?= e($order['status']) ?>">Commande <?= e($order['id']) ?> : <?= e($order['status']) ?></p>
<p><?= e(euros((int) $order['amount'])) ?> · <?= e(\CpayCetelem\Gateways::WAYS[$order['way']]['label'] ?? $order['way']) ?></p>
<p>Le statut affiché est celui enregistré par la boutique : seule la notification vérifiée de la passerelle le change.</p>
<?php endif ?>
<?php require __DIR__ . '/../layout_bottom.php';
