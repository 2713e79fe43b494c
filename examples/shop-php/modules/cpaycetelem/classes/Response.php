<?php
/**
 * What a controller answers: status, headers, body (PrestaShop controllers write to the output and call
 * header(); returning it keeps the controllers testable without a web server).
 */
declare(strict_types=1);

namespace CpayCetelem;

final class Response
{
    /** @param array<string, string> $headers */
    public function __construct(public int $status, public string $body, public array $headers = [])
    {
    }

    public static function html(string $body, int $status = 200): self
    {
        return new self($status, $body, ['Content-Type' => 'text/html; charset=utf-8']);
    }

    public static function text(string $body, int $status = 200): self
    {
        return new self($status, $body, ['Content-Type' => 'text/plain; charset=utf-8']);
    }

    /** @param mixed $value */
    public static function json($value, int $status = 200): self
    {
        return new self($status, json_encode($value, JSON_UNESCAPED_UNICODE | JSON_UNESCAPED_SLASHES | JSON_THROW_ON_ERROR),
            ['Content-Type' => 'application/json']);
    }

    public static function redirect(string $location): self
    {
        return new self(303, '', ['Location' => $location]);
    }

    /** @param array{status: int, content_type: string, body: string} $reply cpay's reply to a gateway */
    public static function reply(array $reply): self
    {
        return new self($reply['status'], $reply['body'], ['Content-Type' => $reply['content_type']]);
    }

    public function send(): void
    {
        http_response_code($this->status);
        foreach ($this->headers as $name => $value) {
            header("$name: $value");
        }
        echo $this->body;
    }
}
