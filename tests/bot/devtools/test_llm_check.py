"""llm-check's reading of llama.cpp's server log: the prompt tokens the server counted and its
reading and writing speed (the numbers item 5 of issue 14 asks for)."""

from bot.devtools.llm_check import speed

LOG = """\
41.17.673.617 I slot print_timing: id  0 | task 2879 | prompt eval time =   2000.00 ms /   120 tokens (   16.67 ms per token,    60.00 tokens per second)
41.17.673.627 I slot print_timing: id  0 | task 2879 |        eval time =    1000.00 ms /    12 tokens (   83.33 ms per token,    12.00 tokens per second)
41.17.673.848 I slot      release: id  0 | task 2879 | stop processing: n_tokens = 1812, truncated = 0
42.01.000.001 I slot print_timing: id  0 | task 2900 | prompt eval time =  30000.00 ms /  1800 tokens (   16.67 ms per token,    60.00 tokens per second)
42.01.000.002 I slot print_timing: id  0 | task 2900 |        eval time =    3000.00 ms /    36 tokens (   83.33 ms per token,    12.00 tokens per second)
42.01.000.003 I slot      release: id  0 | task 2900 | stop processing: n_tokens = 2036, truncated = 0
"""  # noqa: E501 - the server's own lines


def test_speed_reads_prompt_tokens_and_rates_from_the_server_log():
    said = speed(LOG)
    # held tokens minus written: 1800 and 2000 (the first prompt was mostly cached)
    assert said.startswith("2 requests: prompt tokens p50 2000 (max 2000)")
    assert "reply tokens p50 36" in said
    assert "read 60 tokens/s" in said and "wrote 12.0 tokens/s" in said


def test_speed_says_so_when_the_log_has_no_timings():
    assert speed("serving model.gguf at 127.0.0.1:8080\n") == "(the server's log has no timings)"
