"""A real single-node Apache Kafka broker (KRaft) run from the official jars.

The jars come from Maven Central through Maven, once, into a cache folder;
afterwards starting a broker needs no network. Used by ``vincula kafka``,
the demo and the integration-test fixtures alike.
"""

from __future__ import annotations

import base64
import json
import logging
import os
import shutil
import subprocess
import time
from dataclasses import dataclass, field
from pathlib import Path

from vincula.errors import MissingToolError, ServiceUnavailableError
from vincula.local.ports import free_port, port_in_use
from vincula.local.processes import terminate

log = logging.getLogger(__name__)

# The broker does not ship a logging backend in its POM; the binary tarball adds one.
LOG4J2_VERSION = {"4": "2.24.3"}
RELOAD4J_ARTIFACTS = ("org.slf4j:slf4j-reload4j:1.7.36", "ch.qos.reload4j:reload4j:1.2.25")
READY_MARKER = ".complete"


def _require(tool: str, hint: str) -> str:
    path = shutil.which(tool)
    if path is None:
        raise MissingToolError(f"no se encontró '{tool}' en el PATH. {hint}")
    return path


def _logging_artifacts(version: str) -> list[tuple[str, str, str]]:
    major = version.split(".", 1)[0]
    if major == "3":
        return [tuple(a.split(":")) for a in RELOAD4J_ARTIFACTS]  # type: ignore[misc]
    log4j = LOG4J2_VERSION.get(major, LOG4J2_VERSION["4"])
    return [("org.apache.logging.log4j", "log4j-slf4j-impl", log4j)]


def _pom(version: str) -> str:
    dependencies = [("org.apache.kafka", "kafka_2.13", version), *_logging_artifacts(version)]
    body = "\n".join(
        f"    <dependency><groupId>{g}</groupId><artifactId>{a}</artifactId>"
        f"<version>{v}</version></dependency>"
        for g, a, v in dependencies
    )
    return f"""<project xmlns="http://maven.apache.org/POM/4.0.0">
  <modelVersion>4.0.0</modelVersion>
  <groupId>org.vincula.local</groupId>
  <artifactId>kafka-runtime</artifactId>
  <version>{version}</version>
  <packaging>pom</packaging>
  <dependencies>
{body}
  </dependencies>
</project>
"""


def fetch_kafka(version: str, cache_dir: Path) -> Path:
    """Return the folder of jars for ``version``, fetching them with Maven the first time."""
    cache_dir = cache_dir.resolve()
    libs = cache_dir / "libs"
    if (cache_dir / READY_MARKER).exists():
        return libs
    _require(
        "java", "Instale Java 17 o posterior (Debian: apt-get install openjdk-17-jre-headless)."
    )
    mvn = _require("mvn", "Instale Apache Maven (Debian: apt-get install maven).")
    cache_dir.mkdir(parents=True, exist_ok=True)
    (cache_dir / "pom.xml").write_text(_pom(version), encoding="utf-8")
    log.info("descargando los jars de Apache Kafka %s de Maven Central en %s", version, libs)
    result = subprocess.run(
        [
            mvn,
            "-B",
            "-q",
            "-f",
            str(cache_dir / "pom.xml"),
            "dependency:copy-dependencies",
            "-DincludeScope=runtime",
            f"-DoutputDirectory={libs}",
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    if result.returncode != 0 or not any(libs.glob(f"kafka_2.13-{version}.jar")):
        tail = "\n".join((result.stdout + result.stderr).strip().splitlines()[-20:])
        raise ServiceUnavailableError(
            f"Maven no pudo descargar Apache Kafka {version} (código {result.returncode}):\n{tail}"
        )
    (cache_dir / READY_MARKER).write_text(version, encoding="utf-8")
    return libs


def new_cluster_id() -> str:
    """16 random bytes, URL-safe base64 without padding, never starting with '-'."""
    while True:
        candidate = base64.urlsafe_b64encode(os.urandom(16)).decode().rstrip("=")
        if not candidate.startswith("-"):
            return candidate


def server_properties(*, port: int, controller_port: int, log_dirs: Path) -> str:
    """Properties of a combined broker+controller tuned for a small test machine."""
    settings = {
        "process.roles": "broker,controller",
        "node.id": "1",
        "controller.quorum.voters": f"1@127.0.0.1:{controller_port}",
        "listeners": f"PLAINTEXT://127.0.0.1:{port},CONTROLLER://127.0.0.1:{controller_port}",
        "advertised.listeners": f"PLAINTEXT://127.0.0.1:{port}",
        "inter.broker.listener.name": "PLAINTEXT",
        "controller.listener.names": "CONTROLLER",
        "listener.security.protocol.map": "CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT",
        "log.dirs": str(log_dirs),
        "num.partitions": "1",
        "offsets.topic.replication.factor": "1",
        "offsets.topic.num.partitions": "1",
        "transaction.state.log.replication.factor": "1",
        "transaction.state.log.min.isr": "1",
        "transaction.state.log.num.partitions": "1",
        "share.coordinator.state.topic.replication.factor": "1",
        "share.coordinator.state.topic.min.isr": "1",
        "group.initial.rebalance.delay.ms": "0",
        "auto.create.topics.enable": "true",
        "log.retention.hours": "-1",
    }
    return "".join(f"{key}={value}\n" for key, value in settings.items())


LOG4J2_PROPERTIES = """\
status = warn
appender.file.type = File
appender.file.name = file
appender.file.fileName = {log_file}
appender.file.layout.type = PatternLayout
appender.file.layout.pattern = [%d] %p %m (%c)%n
rootLogger.level = INFO
rootLogger.appenderRef.file.ref = file
logger.kafka.name = kafka
logger.kafka.level = INFO
logger.apache.name = org.apache
logger.apache.level = WARN
"""

LOG4J1_PROPERTIES = """\
log4j.rootLogger=INFO, file
log4j.appender.file=org.apache.log4j.FileAppender
log4j.appender.file.File={log_file}
log4j.appender.file.layout=org.apache.log4j.PatternLayout
log4j.appender.file.layout.ConversionPattern=[%d] %p %m (%c)%n
log4j.logger.org.apache=WARN
"""


@dataclass
class LocalKafka:
    """A broker process on loopback, with its own data folder and free ports."""

    libs_dir: Path
    work_dir: Path
    version: str
    heap: str = "512m"
    port: int = 0
    controller_port: int = 0
    _process: subprocess.Popen[bytes] | None = field(default=None, init=False, repr=False)

    @property
    def bootstrap(self) -> str:
        """``host:port`` clients connect to."""
        return f"127.0.0.1:{self.port}"

    @property
    def log_file(self) -> Path:
        """The broker's own log, shown when it fails to start."""
        return self.work_dir / "server.log"

    def start(self, timeout: float = 90.0) -> None:
        """Format storage, launch the broker and wait until a metadata request succeeds."""
        java = _require("java", "Instale Java 17 o posterior (Debian: openjdk-17-jre-headless).")
        self.work_dir.mkdir(parents=True, exist_ok=True)
        cluster_id = self._restore_identity()
        data = self.work_dir / "data"
        config = self.work_dir / "server.properties"
        config.write_text(
            server_properties(port=self.port, controller_port=self.controller_port, log_dirs=data),
            encoding="utf-8",
        )
        logging_flag = self._write_logging_config()
        classpath = f"{self.libs_dir}/*"
        base = [java, f"-Xms{self.heap}", f"-Xmx{self.heap}", logging_flag, "-cp", classpath]
        if not _formatted(data, cluster_id):
            self._format(base, cluster_id, config)
        stdout = (self.work_dir / "stdout.log").open("ab")
        self._process = subprocess.Popen(
            [*base, "kafka.Kafka", str(config)],
            stdout=stdout,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        stdout.close()
        self._wait_ready(timeout)

    def _format(self, base: list[str], cluster_id: str, config: Path) -> None:
        """Format the storage of a new broker (a JVM run of its own, so only once)."""
        formatted = subprocess.run(
            [*base, "kafka.tools.StorageTool", "format", "-t", cluster_id, "-c", str(config), "-g"],
            capture_output=True,
            text=True,
            check=False,
        )
        if formatted.returncode != 0:
            raise ServiceUnavailableError(
                "falló el formateo del almacenamiento de Kafka:\n"
                f"{formatted.stdout}{formatted.stderr}"
            )

    def _restore_identity(self) -> str:
        """Reuse the cluster id (and free ports) of an earlier run in the same folder."""
        identity_file = self.work_dir / "broker.json"
        saved: dict[str, object] = {}
        if identity_file.exists():
            saved = json.loads(identity_file.read_text(encoding="utf-8"))
        cluster_id = str(saved.get("cluster_id") or new_cluster_id())
        for attribute in ("port", "controller_port"):
            wanted = getattr(self, attribute) or saved.get(attribute, 0)
            if not isinstance(wanted, int) or wanted == 0 or port_in_use(wanted):
                wanted = free_port(exclude={self.port, self.controller_port})
            setattr(self, attribute, wanted)
        identity = {
            "cluster_id": cluster_id,
            "port": self.port,
            "controller_port": self.controller_port,
        }
        identity_file.write_text(json.dumps(identity), encoding="utf-8")
        return cluster_id

    def _write_logging_config(self) -> str:
        if self.version.startswith("3."):
            path = self.work_dir / "log4j.properties"
            path.write_text(LOG4J1_PROPERTIES.format(log_file=self.log_file), encoding="utf-8")
            return f"-Dlog4j.configuration=file:{path}"
        path = self.work_dir / "log4j2.properties"
        path.write_text(LOG4J2_PROPERTIES.format(log_file=self.log_file), encoding="utf-8")
        return f"-Dlog4j2.configurationFile={path}"

    def _wait_ready(self, timeout: float) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self._process is not None and self._process.poll() is not None:
                raise ServiceUnavailableError(
                    f"Kafka terminó con código {self._process.returncode} al arrancar.\n"
                    f"Últimas líneas de {self.log_file}:\n{self.last_log_lines()}"
                )
            # Probe with a client only once the port listens: kafka-python
            # leaks a socket per refused connection.
            if port_in_use(self.port) and metadata_ok(self.bootstrap):
                log.info("Kafka %s listo en %s", self.version, self.bootstrap)
                return
            time.sleep(0.5)
        self.stop()
        raise ServiceUnavailableError(
            f"Kafka no respondió a una petición de metadatos en {self.bootstrap} "
            f"en {timeout:.0f} s.\nÚltimas líneas de {self.log_file}:\n{self.last_log_lines()}"
        )

    def last_log_lines(self, count: int = 30) -> str:
        """The tail of the broker's logs, for error messages."""
        lines: list[str] = []
        for path in (self.log_file, self.work_dir / "stdout.log"):
            if path.exists():
                lines += path.read_text(encoding="utf-8", errors="replace").splitlines()[-count:]
        return "\n".join(lines[-count:]) or "(sin registro escrito)"

    def stop(self, timeout: float = 30.0) -> None:
        """Stop the broker gracefully; kill it if it does not exit in time."""
        process, self._process = self._process, None
        terminate(process, timeout)


def _formatted(data: Path, cluster_id: str) -> bool:
    """True when ``data`` already holds storage formatted for ``cluster_id`` (a restart)."""
    meta = data / "meta.properties"
    if not meta.exists():
        return False
    lines = meta.read_text(encoding="utf-8", errors="replace").splitlines()
    return f"cluster.id={cluster_id}" in lines


def metadata_ok(bootstrap: str, timeout_ms: int = 2000) -> bool:
    """True when the broker answers a metadata request (an open port is not enough)."""
    from kafka import KafkaAdminClient
    from kafka.errors import KafkaError

    try:
        admin = KafkaAdminClient(
            bootstrap_servers=bootstrap,
            request_timeout_ms=timeout_ms,
            client_id="vincula-probe",
        )
    except (KafkaError, OSError, ValueError):
        return False
    try:
        admin.describe_cluster()
        return True
    except (KafkaError, OSError):
        return False
    finally:
        admin.close()
