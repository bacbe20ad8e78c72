"""dm05: validate, aggregate and report the figures of Directive 05-CT/TW and Conclusion 01-KL/TW."""

__version__ = "0.1.0"
