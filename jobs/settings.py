"""The one place nianbao reads its environment (variables prefixed NIANBAO_).

Everything else receives these values as parameters: nothing under parsers/ or storage/ reads the
environment.
"""

from __future__ import annotations

import os
import shutil
from dataclasses import dataclass
from pathlib import Path

DEFAULT_DB = "sqlite:///nianbao.db"


@dataclass(frozen=True)
class Settings:
    db_url: str
    warc_dir: Path
    contact: str
    chromium_path: str | None
    timezone: str

    @property
    def user_agent(self) -> str:
        return f"nianbao/0.1 (archive of government annual reports; {self.contact})"


def load_settings(env: dict[str, str] | None = None) -> Settings:
    env = dict(os.environ) if env is None else env
    return Settings(
        db_url=env.get("NIANBAO_DB", DEFAULT_DB),
        warc_dir=Path(env.get("NIANBAO_WARC_DIR", "warc")),
        contact=env.get("NIANBAO_CONTACT", "contact: set NIANBAO_CONTACT"),
        chromium_path=env.get("NIANBAO_CHROMIUM") or shutil.which("chromium"),
        timezone=env.get("NIANBAO_TZ", "Asia/Shanghai"),
    )
