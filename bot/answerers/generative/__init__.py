"""The generative answerer: a chat model writes the answer from numbered passages, and every
reply is checked against them before anyone reads it.

Steps: condense a follow-up (condense.py) -> choose the passages that fit the model's context
(passages.py) -> the prompt (prompts.py, text in bot/data/prompts/) -> the chat model
(chat_models/, one file per backend) -> verify the reply (verify.py). When the model fails the
extractive answerer answers instead (answerer.py).
"""

from bot.answerers.generative.answerer import GenerativeAnswerer

__all__ = ["GenerativeAnswerer"]
