<?php /** @var string $orderId @var string $form cpay's auto-posting form (already escaped by cpay) */ ?>
<!doctype html>
<html lang="fr"><head><meta charset="utf-8"><title>Redirection vers le paiement</title></head>
<body data-order-id="<?= e($orderId) ?>">
<?= $form ?>

</body></html>
