import * as encoding from 'lib0/encoding'
import {
  MESSAGE_AWARENESS,
  MESSAGE_NOT_SAVED,
  MESSAGE_REPORT_EVENT,
  MESSAGE_SAVED,
  MESSAGE_SYNC,
  SYNC_STEP1,
  SYNC_STEP2,
  SYNC_UPDATE,
  type NotSavedReason,
} from '@schema/wire'
import type { ReportEvent } from '@schema/reportEvent'

/** Encoders of the frames the server sends (one place, so each is encoded once and shared). */
function frame(write: (e: encoding.Encoder) => void): Uint8Array {
  const e = encoding.createEncoder()
  write(e)
  return encoding.toUint8Array(e)
}

export const syncStep1Message = (stateVector: Uint8Array) =>
  frame((e) => {
    encoding.writeVarUint(e, MESSAGE_SYNC)
    encoding.writeVarUint(e, SYNC_STEP1)
    encoding.writeVarUint8Array(e, stateVector)
  })

export const syncStep2Message = (update: Uint8Array) =>
  frame((e) => {
    encoding.writeVarUint(e, MESSAGE_SYNC)
    encoding.writeVarUint(e, SYNC_STEP2)
    encoding.writeVarUint8Array(e, update)
  })

export const syncUpdateMessage = (update: Uint8Array) =>
  frame((e) => {
    encoding.writeVarUint(e, MESSAGE_SYNC)
    encoding.writeVarUint(e, SYNC_UPDATE)
    encoding.writeVarUint8Array(e, update)
  })

export const awarenessMessage = (update: Uint8Array) =>
  frame((e) => {
    encoding.writeVarUint(e, MESSAGE_AWARENESS)
    encoding.writeVarUint8Array(e, update)
  })

export const savedMessage = (writeCount: number) =>
  frame((e) => {
    encoding.writeVarUint(e, MESSAGE_SAVED)
    encoding.writeVarUint(e, writeCount)
  })

export const notSavedMessage = (reason: NotSavedReason) =>
  frame((e) => {
    encoding.writeVarUint(e, MESSAGE_NOT_SAVED)
    encoding.writeVarString(e, reason)
  })

export const reportEventMessage = (event: ReportEvent) =>
  frame((e) => {
    encoding.writeVarUint(e, MESSAGE_REPORT_EVENT)
    encoding.writeVarString(e, JSON.stringify(event))
  })
