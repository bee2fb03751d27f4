"""Concurrent enrolments and completions, each thread on its own database connection.

On PostgreSQL the conditional update of the course's seat count takes the course's row:
a second enrolment waits for the first to commit, then finds the count it left. On SQLite
a write transaction starts with BEGIN IMMEDIATE and holds the database's write lock. Either
way exactly the capacity is enrolled, and certificates are numbered without gaps. A
thread that finds the SQLite database locked retries, as a client whose request failed
would.
"""

import datetime
import threading
import time

import pytest
from django.core.exceptions import ValidationError
from django.db import OperationalError, close_old_connections, connection

from abadi.training import services
from abadi.training.models import Course, Enrolment
from abadi.training.tests.conftest import VILLAGE_2403, make_person

pytestmark = pytest.mark.django_db(transaction=True)

CAPACITY = 4


def run_together(work, count: int) -> list[str]:
    barrier = threading.Barrier(count)
    outcomes: list[str] = [""] * count

    def target(i: int) -> None:
        try:
            barrier.wait()
            for _attempt in range(200):
                try:
                    work(i)
                    outcomes[i] = "ok"
                    return
                except ValidationError:
                    outcomes[i] = "refused"
                    return
                except OperationalError as error:
                    if "locked" not in str(error):
                        raise
                    time.sleep(0.01)
            outcomes[i] = "gave up"
        finally:
            close_old_connections()
            connection.close()

    threads = [threading.Thread(target=target, args=(i,)) for i in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return outcomes


@pytest.mark.parametrize("people", [CAPACITY, CAPACITY + 1])
def test_concurrent_enrolments_fill_the_course_exactly(
    transactional_db, make_course, clerk, areas, people
):
    course = make_course(capacity=CAPACITY)
    persons = [make_person(areas[VILLAGE_2403]) for _ in range(people)]

    def enrol(i: int) -> None:
        services.enrolment_create(
            actor=clerk, course=course, person=persons[i], on=datetime.date(2021, 4, 25)
        )

    outcomes = run_together(enrol, people)
    assert sorted(outcomes) == ["ok"] * CAPACITY + ["refused"] * (people - CAPACITY)
    assert Course.objects.get(pk=course.pk).enrolled_count == CAPACITY
    assert Enrolment.objects.filter(course=course).count() == CAPACITY


def test_the_same_person_enrolled_twice_at_once_gets_one_seat(
    transactional_db, make_course, clerk, trainee
):
    course = make_course(capacity=CAPACITY)

    def enrol(i: int) -> None:
        services.enrolment_create(
            actor=clerk, course=course, person=trainee, on=datetime.date(2021, 4, 25)
        )

    outcomes = run_together(enrol, 3)
    assert sorted(outcomes) == ["ok", "refused", "refused"]
    assert Course.objects.get(pk=course.pk).enrolled_count == 1


def test_concurrent_completions_number_certificates_without_gaps(
    transactional_db, make_course, clerk, areas
):
    course = make_course(capacity=CAPACITY)
    enrolments = [
        services.enrolment_create(
            actor=clerk,
            course=course,
            person=make_person(areas[VILLAGE_2403]),
            on=datetime.date(2021, 4, 25),
        )
        for _ in range(CAPACITY)
    ]

    def complete(i: int) -> None:
        services.enrolment_complete(actor=clerk, enrolment=enrolments[i], on=course.ends_on)

    assert run_together(complete, CAPACITY) == ["ok"] * CAPACITY
    numbers = sorted(
        Enrolment.objects.filter(course=course).values_list("certificate_seq", flat=True)
    )
    assert numbers == list(range(1, CAPACITY + 1))
    assert Course.objects.get(pk=course.pk).last_certificate == CAPACITY
