"""The benchmark (`./dev bench`): the API under load against a plain Django view in the same process.

`bench.runner` (run as `python -m bench`) builds or reuses a dataset in its own PostgreSQL database, starts
gunicorn with `config.settings.bench` (production settings plus this app) and a loopback token issuer
(`bench.issuer`), drives each endpoint with wrk (`bench/wrk.lua`) and prints a Markdown table. The app part
(`bench.views`, `bench.middleware`, the `bench_dataset` command) is installed only by the bench settings.
"""
