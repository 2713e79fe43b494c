"""A FastAPI IPN endpoint for a Lyra platform: ``CPAY_TEST_KEY=… uvicorn fastapi_ipn:app``.

cpay's calls take microseconds and never do I/O, so calling them from an ``async`` view does not block.
"""

from __future__ import annotations

from fastapi import FastAPI, Request
from fastapi.responses import PlainTextResponse

from shop import Order, OrderStore, handle_ipn

app = FastAPI()
store = OrderStore()
store.add(Order(id="CMD-2020-0042", amount=2990))  # an order awaiting payment, for the demo


@app.post("/cpay/ipn", response_class=PlainTextResponse)
async def ipn(request: Request) -> PlainTextResponse:
    reply = handle_ipn(store, await request.body())
    return PlainTextResponse(reply.body, status_code=reply.status)
