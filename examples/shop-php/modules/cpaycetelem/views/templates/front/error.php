<?php
/** @var string $code @var string $message */
$title = 'Paiement impossible';
require __DIR__ . '/../layout_top.php';
?>
<p data-error="<?= e($code) ?>"><?= e($message) ?></p>
<?php require __DIR__ . '/../layout_bottom.php';
