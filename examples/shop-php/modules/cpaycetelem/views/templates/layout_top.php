<?php /** @var string $title */ ?>
<!doctype html>
<html lang="fr">
<head><meta charset="utf-8"><title><?= e($title) ?> — Boutique PHP (cpay)</title>
<style>body{font-family:sans-serif;max-width:60rem;margin:2rem auto}table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:.3rem .6rem}.way{margin:.6rem 0}</style>
</head>
<body>
<nav><a href="/">Boutique</a> · <a href="/admin/orders">Back office</a></nav>
<h1><?= e($title) ?></h1>
