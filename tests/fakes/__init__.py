"""In-memory fakes of the core's ports, one per port in bot/ports.py, for testing the core
without a database or a platform (tests/core/test_fakes_match_ports.py keeps them honest)."""

from tests.fakes.hr import FakePulses, FakeRollouts
from tests.fakes.managers import FakeCheckIns, FakePlans
from tests.fakes.outbox import FakeAdoption, FakeOutbox
from tests.fakes.repository import FakeRepository
from tests.fakes.services import FakeClock, FakeDirectory, RecordingMessenger
from tests.fakes.units import FakeUnitOfWork, FakeUnits, answered, units_of

__all__ = ["FakeAdoption", "FakeCheckIns", "FakeClock", "FakeDirectory", "FakeOutbox",
           "FakePlans", "FakePulses", "FakeRepository", "FakeRollouts", "FakeUnitOfWork",
           "FakeUnits", "RecordingMessenger", "answered", "units_of"]
