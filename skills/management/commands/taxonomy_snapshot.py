from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from skills.signals import taxonomy_changed
from skills.snapshot import SNAPSHOT_FILE, SnapshotError, snapshot_build, snapshot_load


class Command(BaseCommand):
    help = (
        "The ESCO taxonomy snapshot shipped in the repo (docs/taxonomy.md). "
        "`build DATA_DIR` writes it from DATA_DIR/esco and DATA_DIR/esco-fr (the official CSVs); "
        "`load` loads it into the database (a no-op when already loaded)."
    )

    def add_arguments(self, parser):
        actions = parser.add_subparsers(dest="action", required=True)
        build = actions.add_parser("build", help="write the snapshot from the official CSV files")
        build.add_argument("data_dir", type=Path, help="folder holding esco/ and esco-fr/")
        build.add_argument("--output", type=Path, default=SNAPSHOT_FILE)
        load = actions.add_parser("load", help="load the snapshot (no-op when already loaded)")
        load.add_argument("--file", type=Path, default=SNAPSHOT_FILE)
        load.add_argument(
            "--force",
            action="store_true",
            help="load even when already loaded or when ESCO was imported from the files",
        )

    def handle(self, *args, action: str, verbosity: int, **options):
        try:
            if action == "build":
                self._build(options["data_dir"], options["output"])
            else:
                self._load(options["file"], options["force"], verbosity)
        except SnapshotError as exc:
            raise CommandError(str(exc)) from exc
        except (OSError, ValueError) as exc:
            raise CommandError(str(exc)) from exc

    def _build(self, data_dir: Path, output: Path) -> None:
        summary = snapshot_build(data_dir, output)
        self.stdout.write(
            f"Wrote {summary['file']}: {summary['bytes'] / 1e6:.1f} MB "
            f"({summary['uncompressed_bytes'] / 1e6:.1f} MB of JSON), sha256 {summary['sha256']}"
        )
        for table, rows in summary["rows"].items():
            self.stdout.write(f"  {table}: {rows} rows")

    def _load(self, path: Path, force: bool, verbosity: int) -> None:
        result = snapshot_load(path, force=force, show_progress=verbosity > 0)
        if result.status == "already loaded":
            self.stdout.write(f"ESCO snapshot already loaded ({path.name}): nothing to do.")
            return
        if result.status == "imported from files":
            self.stdout.write(
                "ESCO is already imported from the official files (import_esco): the snapshot "
                "is not loaded over it (--force to load it anyway)."
            )
            return
        for report in result.reports:
            for line in report.lines():
                self.stdout.write(line)
        self.stdout.write(self.style.SUCCESS(f"ESCO snapshot loaded in {result.seconds:.1f} s."))
        if result.changed:
            taxonomy_changed.send(sender=self.__class__, source="esco")
