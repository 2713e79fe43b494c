<?php
/** @var int $amount @var array<string, array{label: string, gateway: string, schedule: list<array<string, mixed>>|null, error: string|null}> $options */
$title = 'Votre panier';
require __DIR__ . '/../layout_top.php';
$buyer = CpayCetelem::BUYER;
?>
<table>
<tr><th>Article</th><th>Quantité</th><th>Prix</th></tr>
<tr><td data-item="<?= e(CpayCetelem::CART['ref']) ?>"><?= e(CpayCetelem::CART['label']) ?></td><td>1</td><td data-amount="<?= $amount ?>"><?= e(euros($amount)) ?></td></tr>
</table>
<h2>Livraison</h2>
<p data-buyer><?= e($buyer['first_name'] . ' ' . $buyer['last_name']) ?><br><?= e($buyer['street']) ?><br><?= e($buyer['zip'] . ' ' . $buyer['city']) ?></p>
<h2>Paiement</h2>
<form method="post" action="/checkout">
<input type="hidden" name="amount" value="<?= $amount ?>">
<?php foreach ($options as $way => $option): ?>
<div class="way"><button type="submit" name="way" value="<?= e($way) ?>" data-pay="<?= e($way) ?>"><?= e($option['label']) ?></button>
<?php if ($option['schedule'] !== null): ?>
<ol class="schedule" data-schedule="<?= e($way) ?>"><?php foreach ($option['schedule'] as $part): ?><li data-date="<?= e($part['date']) ?>" data-amount="<?= (int) $part['amount'] ?>"><?= e($part['date']) ?> : <?= e(euros((int) $part['amount'])) ?></li><?php endforeach ?></ol>
<?php elseif ($option['error'] !== null): ?>
<p class="schedule-error" data-schedule="<?= e($way) ?>"><?= e($option['error']) ?></p>
<?php endif ?>
</div>
<?php endforeach ?>
</form>
<?php require __DIR__ . '/../layout_bottom.php';
