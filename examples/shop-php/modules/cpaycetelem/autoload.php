<?php
/**
 * The module's autoloader, as Composer would write it into vendor/autoload.php: PSR-4 for the module's own
 * classes (CpayCetelem\ → classes/) and for the cpay package (Cpay\ → its src/). A module installed from
 * Composer requires vendor/autoload.php instead; here the package is the checkout's bindings-php/ (or
 * CPAY_PHP_SRC). The package loads libcpay from CPAY_LIB (or the production preload, see start.sh).
 */
declare(strict_types=1);

(static function (): void {
    $prefixes = [
        'CpayCetelem\\' => __DIR__ . '/classes/',
        'Cpay\\' => rtrim(getenv('CPAY_PHP_SRC') ?: dirname(__DIR__, 4) . '/bindings-php/src', '/') . '/',
    ];
    spl_autoload_register(static function (string $class) use ($prefixes): void {
        foreach ($prefixes as $prefix => $dir) {
            if (strncmp($class, $prefix, strlen($prefix)) === 0) {
                $file = $dir . str_replace('\\', '/', substr($class, strlen($prefix))) . '.php';
                if (is_file($file)) {
                    require $file;
                }
                return;
            }
        }
    });
})();
