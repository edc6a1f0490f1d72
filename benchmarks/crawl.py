"""Crawl benchmark: the project's spider and settings on a generated replica, beside `scrapy bench`.

    .venv/bin/python benchmarks/crawl.py [--pages 5000 --hosts 50]

A server process generates `--hosts` portals on loopback addresses 127.0.1.1, 127.0.1.2, …, each
home → 政务公开 → a TRS-style paginated 年报 column (20 entries a page) → report pages, `--pages`
pages in all. A crawler process runs AnnualReportSpider over them with production settings (WARC
writing on, the render/WAF layer on when chromium is present) and politeness off (no robots.txt,
delays or autothrottle; high concurrency), sampling its RSS as pages accumulate. Then `scrapy
bench` runs (in an empty directory, so no project settings leak in) and the ratio is printed.
Only loopback traffic; every process is bounded by a timeout. Prints numbers; asserts nothing.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import math
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
PER_LIST = 20
SAMPLES = (1000, 2500, 5000, 10000, 20000, 50000)
CRAWL_TIMEOUT = 900
BENCH_SECONDS = 10

# --- the generated replica --------------------------------------------------------------------


def page(title: str, body: str) -> bytes:
    return (
        f'<!DOCTYPE html><html><head><meta charset="utf-8"><title>{title}</title></head>'
        f'<body><div class="head"><a href="/">首页</a><a href="/xxgk/index.html">政务公开</a>'
        f"</div>{body}<div class='foot'>主办单位：某某人民政府 网站标识码：0000000000</div>"
        "</body></html>"
    ).encode()


def report(host: int, n: int) -> bytes:
    rows = "".join(
        f"<tr><td>第{i}项</td><td>{(n * 7 + i) % 97}</td><td>{(n + i) % 13}</td></tr>"
        for i in range(30)
    )
    text = "".join(
        f"<p>{h}：本机关认真贯彻落实《中华人民共和国政府信息公开条例》，持续深化政务公开。</p>"
        for h in (
            "一、总体情况",
            "二、主动公开政府信息情况",
            "三、收到和处理政府信息公开申请情况",
            "四、政府信息公开行政复议、行政诉讼情况",
            "五、存在的主要问题及改进情况",
        )
    )
    title = f"某区第{host}片区第{n}部门2023年政府信息公开工作年度报告"
    return page(title, f"<h1>{title}</h1><div class='TRS_Editor'>{text}<table>{rows}</table></div>")


def split_pages(per_host: int) -> tuple[int, int]:
    """(list pages, reports) so that home + 政务公开 + lists + reports == per_host."""
    reports = per_host - 2
    while reports > 0 and 2 + math.ceil(reports / PER_LIST) + reports > per_host:
        reports -= 1
    return math.ceil(reports / PER_LIST), reports


def portal(host: int, per_host: int) -> dict[str, bytes]:
    """Every page of one generated portal, by path."""
    lists, reports = split_pages(per_host)
    pages = {
        "/": page("首页", ""),
        "/xxgk/index.html": page(
            "政务公开", '<a href="/xxgk/gknb/index.html">政府信息公开年报</a>'
        ),
    }
    paths = [f"/xxgk/gknb/202401/t20240120_{n}.html" for n in range(reports)]
    for n, path in enumerate(paths):
        pages[path] = report(host, n)
    for i in range(lists):
        items = "".join(
            f'<li><a href="{p}">某区第{host}片区第{n}部门2023年政府信息公开工作年度报告</a>'
            f"<span>2024-01-20</span></li>"
            for n, p in enumerate(paths)
            if n // PER_LIST == i
        )
        pager = f'<script>createPageHTML({lists}, {i}, "index", "html");</script>'
        name = "index.html" if i == 0 else f"index_{i}.html"
        pages[f"/xxgk/gknb/{name}"] = page(
            "政府信息公开年报", f'<ul class="list">{items}</ul>{pager}'
        )
    return pages


def http_reply(body: bytes | None) -> bytes:
    status = b"200 OK" if body is not None else b"404 Not Found"
    body = body if body is not None else b"not found"
    return (
        b"HTTP/1.1 " + status + b"\r\nContent-Type: text/html; charset=utf-8\r\n"
        b"Content-Length: " + str(len(body)).encode() + b"\r\n\r\n" + body
    )


async def serve(pages: int, hosts: int) -> None:
    per_host = max(pages // hosts, 4)
    urls = []
    for host in range(1, hosts + 1):
        site = {path: http_reply(body) for path, body in portal(host, per_host).items()}

        async def handle(
            reader: asyncio.StreamReader,
            writer: asyncio.StreamWriter,
            site: dict[str, bytes] = site,
        ) -> None:
            try:
                while line := await reader.readline():
                    while (await reader.readline()) not in (b"\r\n", b"\n", b""):
                        pass
                    path = line.split(b" ")[1].decode().split("?")[0]
                    writer.write(site.get(path) or http_reply(None))
                    await writer.drain()
            except (ConnectionError, IndexError):
                pass
            finally:
                writer.close()

        server = await asyncio.start_server(handle, f"127.0.1.{host}", 0, backlog=512)
        port = server.sockets[0].getsockname()[1]
        urls.append(f"http://127.0.1.{host}:{port}/")
    print(json.dumps({"urls": urls, "per_host": per_host}), flush=True)
    await asyncio.get_running_loop().run_in_executor(None, sys.stdin.read)  # until parent closes


# --- the crawl, in its own process ------------------------------------------------------------


def rss_kib(field: str = "VmRSS", pid: str = "self") -> int:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith(field + ":"):
                return int(line.split()[1])
    except OSError:
        pass
    return 0


def children_rss_kib(pid: str = "self") -> int:
    """RSS of every descendant (the playwright driver, chromium when it runs)."""
    total = 0
    try:
        tasks = list(Path(f"/proc/{pid}/task").iterdir())
    except OSError:
        return 0
    for task in tasks:
        try:
            children = (task / "children").read_text().split()
        except OSError:
            continue
        for child in children:
            total += rss_kib(pid=child) + children_rss_kib(child)
    return total


def crawl(urls: list[str], out: Path, chromium: str | None, concurrency: int) -> None:
    sys.path.insert(0, str(REPO))
    from scrapy import signals
    from scrapy.crawler import CrawlerProcess

    from crawler.sources import Source
    from crawler.spider import AnnualReportSpider
    from jobs.harvest import crawl_settings

    if chromium:
        os.environ["NIANBAO_CHROMIUM"] = chromium
    overrides: dict[str, Any] = {
        "AUTOTHROTTLE_ENABLED": False,
        "DOWNLOAD_DELAY": 0,
        "CONCURRENT_REQUESTS": concurrency,
        "CONCURRENT_REQUESTS_PER_DOMAIN": 8,
        "LOG_LEVEL": "INFO",
        "LOGSTATS_INTERVAL": 60,
        "TELNETCONSOLE_ENABLED": False,
        "CLOSESPIDER_TIMEOUT": CRAWL_TIMEOUT,
    }
    warc_dir = Path(tempfile.mkdtemp(prefix="nianbao-bench-warc-"))
    # Production composition (jobs.harvest): WARC writing, the archive pipeline (no database
    # here), the render/WAF layer when chromium is given; politeness off.
    settings = crawl_settings(
        warc_dir=warc_dir,
        revisit_days=7.0,
        obey_robots=False,
        render=bool(chromium),
        overrides=overrides,
    )
    sources = [Source(name=f"bench{i:03d}", url=url, robots=False) for i, url in enumerate(urls)]
    state: dict[str, Any] = {"pages": 0, "samples": [], "first": None, "last": None}

    def on_response(**_: Any) -> None:
        now = time.perf_counter()
        state["first"] = state["first"] or now
        state["last"] = now
        state["pages"] += 1
        if state["pages"] in SAMPLES:
            state["samples"].append((state["pages"], rss_kib(), children_rss_kib()))

    process = CrawlerProcess(settings, install_root_handler=True)
    crawler = process.create_crawler(AnnualReportSpider)
    crawler.signals.connect(on_response, signals.response_received)
    started = time.perf_counter()
    process.crawl(crawler, sources=sources)
    process.start()
    wall = time.perf_counter() - started
    warc_bytes = sum(p.stat().st_size for p in warc_dir.rglob("*.warc.gz"))
    shutil.rmtree(warc_dir, ignore_errors=True)
    span = (state["last"] or 0) - (state["first"] or 0)
    out.write_text(
        json.dumps(
            {
                "pages": state["pages"],
                "wall_s": wall,
                "span_s": span,
                "samples": state["samples"],
                "rss_end_kib": rss_kib(),
                "peak_kib": max([rss_kib("VmHWM")] + [kib for _n, kib, _c in state["samples"]]),
                "warc_bytes": warc_bytes,
                "items": crawler.stats.get_value("item_scraped_count") if crawler.stats else None,
                "render_layer": bool(chromium),
            }
        )
    )


# --- scrapy bench -----------------------------------------------------------------------------

CRAWLED = re.compile(r"Crawled (\d+) pages \(at (\d+) pages/min\)")
RECEIVED = re.compile(r"'response_received_count': (\d+)")
ELAPSED = re.compile(r"'elapsed_time_seconds': ([\d.]+)")


def scrapy_bench() -> dict[str, float]:
    """Run `scrapy bench` in an empty directory; pages/s from its steady per-second log lines."""
    scrapy = str(Path(sys.executable).with_name("scrapy"))
    env = {k: v for k, v in os.environ.items() if not k.startswith("SCRAPY_")}
    with tempfile.TemporaryDirectory() as empty:
        proc = subprocess.run(
            [scrapy, "bench", "-s", f"CLOSESPIDER_TIMEOUT={BENCH_SECONDS}"],
            cwd=empty,
            env=env,
            capture_output=True,
            text=True,
            timeout=120,
        )
    found = [(int(n), int(rate)) for n, rate in CRAWLED.findall(proc.stderr)]
    rates = [rate for n, rate in found if n > 0][1:]  # the first interval includes start-up
    pages = RECEIVED.search(proc.stderr)
    elapsed = ELAPSED.search(proc.stderr)
    total = int(pages.group(1)) if pages else 0
    seconds = float(elapsed.group(1)) if elapsed else float(BENCH_SECONDS)
    median = statistics.median(rates) / 60 if rates else 0.0
    overall = total / seconds
    # Compare against the higher of the two, so the ratio is never flattered by bench noise.
    return {
        "pages": total,
        "seconds": seconds,
        "median_pages_per_s": median,
        "overall_pages_per_s": overall,
        "pages_per_s": max(median, overall),
    }


# --- the run ----------------------------------------------------------------------------------


def run(pages: int, hosts: int, concurrency: int, chromium: str | None) -> None:
    server = subprocess.Popen(
        [sys.executable, __file__, "--serve", "--pages", str(pages), "--hosts", str(hosts)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert server.stdout is not None
        info = json.loads(server.stdout.readline())
        with tempfile.TemporaryDirectory() as tmp:
            out, urls = Path(tmp) / "result.json", Path(tmp) / "urls.json"
            urls.write_text(json.dumps(info["urls"]))
            args = ["--crawl", str(urls), "--out", str(out), "--concurrency", str(concurrency)]
            args += ["--chromium", chromium or ""]  # '' keeps the child from finding one
            child = subprocess.run(
                [sys.executable, __file__, *args],
                capture_output=True,
                text=True,
                timeout=CRAWL_TIMEOUT + 60,
            )
            if child.returncode != 0 or not out.exists():
                sys.exit(f"crawl failed (exit {child.returncode}):\n{child.stderr[-3000:]}")
            result = json.loads(out.read_text())
    finally:
        if server.stdin:
            server.stdin.close()
        server.wait(timeout=10)
    bench = scrapy_bench()
    report_numbers(result, bench, hosts, info["per_host"])


def report_numbers(
    result: dict[str, Any], bench: dict[str, float], hosts: int, per_host: int
) -> None:
    rate = result["pages"] / result["span_s"] if result["span_s"] else 0.0
    print(f"replica            {hosts} hosts x {per_host} pages (loopback 127.0.1.x)")
    layer = "on (scrapy-playwright handler)" if result["render_layer"] else "off"
    print(f"render/WAF layer   {layer}")
    print(f"pages crawled      {result['pages']}  (captures {result['items']})")
    print(f"wall time          {result['wall_s']:.1f} s (incl. start-up and shutdown)")
    print(
        f"pages/s            {rate:.1f}  (first to last response; "
        f"{result['pages'] / result['wall_s']:.1f} over wall time)"
    )
    for n, kib, children in result["samples"]:
        print(
            f"RSS at {n:>6} pages {kib / 1024:.1f} MiB  (+ {children / 1024:.1f} MiB in "
            "child processes: playwright driver, chromium)"
        )
    print(f"RSS at end         {result['rss_end_kib'] / 1024:.1f} MiB")
    peak = result["peak_kib"] / 1024
    print(f"peak RSS           {peak:.1f} MiB (crawler process; VmHWM or highest sample)")
    print(f"WARC written       {result['warc_bytes'] / 1e6:.1f} MB")
    print(
        f"scrapy bench       {bench['pages_per_s']:.1f} pages/s (higher of: "
        f"{bench['overall_pages_per_s']:.1f} = {bench['pages']} pages / {bench['seconds']:.1f} s; "
        f"{bench['median_pages_per_s']:.1f} = median per-second rate)"
    )
    ratio = rate / bench["pages_per_s"] if bench["pages_per_s"] else float("nan")
    wall_ratio = (
        result["pages"] / result["wall_s"] / bench["pages_per_s"]
        if bench["pages_per_s"]
        else float("nan")
    )
    print(f"ratio              {ratio:.2f} x scrapy bench ({wall_ratio:.2f} using wall time)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--pages", type=int, default=5000)
    parser.add_argument("--hosts", type=int, default=50)
    parser.add_argument("--concurrency", type=int, default=32)
    parser.add_argument(
        "--chromium",
        default=shutil.which("chromium"),
        help="chromium for the render/WAF layer (default: on PATH; '' for none)",
    )
    parser.add_argument("--serve", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--crawl", help=argparse.SUPPRESS)
    parser.add_argument("--out", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.serve:
        asyncio.run(serve(args.pages, args.hosts))
    elif args.crawl:
        urls = json.loads(Path(args.crawl).read_text())
        crawl(urls, Path(args.out), args.chromium or None, args.concurrency)
    else:
        run(args.pages, args.hosts, args.concurrency, args.chromium or None)


if __name__ == "__main__":
    main()
