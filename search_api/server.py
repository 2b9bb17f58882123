"""Runs the app under gunicorn: real worker processes, each with its own searcher."""

from __future__ import annotations

from gunicorn.app.base import BaseApplication

from search_api.app import create_app
from search_api.config import AppConfig


class _Gunicorn(BaseApplication):
    def __init__(self, config: AppConfig, options: dict) -> None:
        self.config = config
        self.options = options
        super().__init__()

    def load_config(self) -> None:
        for key, value in self.options.items():
            self.cfg.set(key, value)

    def load(self):
        # Each worker builds its own app after the fork: Whoosh files and readers are not shared.
        return create_app(self.config)


def run_server(config: AppConfig, host: str, port: int, workers: int) -> None:
    options = {
        "bind": f"{host}:{port}",
        "workers": max(1, workers),
        "worker_class": "sync",
        "timeout": 60,
        "graceful_timeout": 10,
        "accesslog": "-",
        "preload_app": False,
    }
    _Gunicorn(config, options).run()
