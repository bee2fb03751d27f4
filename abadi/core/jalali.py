"""Jalali dates at the edges: conversion and formatting (storage stays Gregorian)."""

import datetime

import jdatetime

from abadi.core.persian import to_persian_digits


def to_jalali(value: datetime.date) -> jdatetime.date:
    return jdatetime.date.fromgregorian(date=value)


def format_jalali(value: datetime.date | None, *, persian_digits: bool = True) -> str:
    if value is None:
        return ""
    text = to_jalali(value).strftime("%Y/%m/%d")
    return to_persian_digits(text) if persian_digits else text
