"""Fake servers for tests: real HTTP on loopback, no mocks of Readout's own code."""
